package transport

import (
	"fmt"
	"io"
)

// secret is a token that no formatting verb prints.
type secret string

// Format prints "[redacted]" for every verb.
func (secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, "[redacted]") }
