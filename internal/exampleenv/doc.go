// Package exampleenv holds what the runnable programs in examples/ share: an embedded Notion
// emulator when NOTION_TOKEN is not set, and the environment their tests run them in.
package exampleenv
