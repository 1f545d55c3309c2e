package markdown

import "strings"

// The mapping between Notion blocks and Markdown, one line each. Render writes the right-hand
// side; Parse reads it back (and reads plain CommonMark/GFM as the left column of the second
// table says).
//
//	Notion block                 Markdown written by Render
//	paragraph                    a paragraph; an empty paragraph is left out
//	heading_1 / _2 / _3          # / ## / ### heading (a heading_4 that Notion answers: ####)
//	toggleable heading_N         <details><summary>## Title</summary> ... </details>
//	bulleted_list_item           - item (children indented below it)
//	numbered_list_item           1. item (numbered in order)
//	to_do                        - [ ] item / - [x] item
//	toggle                       <details><summary>Title</summary> ... </details>
//	quote                        > text (children inside the quote)
//	callout                      > [!NOTE] / [!TIP] / [!IMPORTANT] / [!WARNING] / [!CAUTION]
//	                             for the icons ℹ️ 💡 ❗ ⚠️ 🛑, > [!<icon>] for any other
//	                             icon, > [!callout] without one; then the text
//	code                         ``` fenced code with the language as info string
//	                             ("plain text" has none)
//	equation                     ```math fenced block
//	divider                      ---
//	table / table_row            GitHub table; the first row is the header row
//	image                        ![caption](url)
//	bookmark, embed, video,      [bookmark](url), [embed: caption](url), ... : a paragraph
//	audio, pdf, file             holding one link whose text is the block type
//	link_to_page                 [link_to_page](mention:page/<id>) (or mention:database/<id>)
//	table_of_contents            [TOC]
//	breadcrumb                   [breadcrumb]
//	column_list / column         <!-- columns --> <!-- column --> ... <!-- /columns -->
//	synced_block                 <!-- synced_block --> ... <!-- /synced_block -->;
//	                             a duplicate without its content: <!-- synced_block <id> -->
//	child_page, child_database   [Title](mention:page/<id>) (a mention, read back as one)
//	block colour                 {color="red"} at the end of the block's first line
//	other types                  their text as a paragraph, else <!-- type --> (dropped on parse)
//
//	Rich text                    Markdown
//	bold / italic / strike       **x** / *x* / ~~x~~
//	underline                    <u>x</u>
//	code                         `x`
//	colour                       <span color="red">x</span>
//	link                         [x](url)
//	equation                     $`x`$ (GitLab's inline math)
//	mention                      [text](mention:<type>/<id>), dates mention:date/<start>[/<end>]
//	line break in text           a backslash at the end of the line (<br> in table cells)
//
//	Markdown read by Parse       Notion block
//	# .. ###, #### .. ######     heading_1 .. heading_3 (Notion has three levels)
//	setext headings              heading_1 / heading_2
//	indented code                code, "plain text"
//	HTML block                   code, language "html" (Notion cannot show HTML);
//	                             HTML comments other than the markers above are dropped
//	image inside text            its alt text, linked to the image (or to the link around it)
//	inline HTML                  its source as text, except <u>, <span color>, <br>
//	autolinks and bare URLs      linked text
//	a list item's first          the item's text; what follows in the item becomes its
//	paragraph                    children

// alertIcons maps GitHub's alert kinds to the callout icons they stand for.
var alertIcons = map[string]string{
	"NOTE":      "ℹ️",
	"TIP":       "💡",
	"IMPORTANT": "❗",
	"WARNING":   "⚠️",
	"CAUTION":   "🛑",
}

// calloutMarker is the marker of a callout without an icon.
const calloutMarker = "callout"

// iconAlert returns the alert kind of an icon, or the icon itself.
func iconAlert(icon string) string {
	if icon == "" {
		return calloutMarker
	}
	for k, v := range alertIcons {
		if v == icon {
			return k
		}
	}
	return icon
}

// alertIcon returns the icon of an alert marker's content.
func alertIcon(marker string) string {
	if marker == calloutMarker {
		return ""
	}
	if icon, ok := alertIcons[strings.ToUpper(marker)]; ok {
		return icon
	}
	return marker
}

// linkBlockTypes are the block types written as a paragraph holding one link whose text is
// the type.
var linkBlockTypes = map[string]bool{
	"bookmark": true, "embed": true, "video": true, "audio": true, "pdf": true, "file": true,
}

// mentionScheme starts the URL of a mention link.
const mentionScheme = "mention:"

// Markers of the blocks written as HTML comments.
const (
	columnsOpen  = "columns"
	columnSep    = "column"
	columnsClose = "/columns"
	syncedOpen   = "synced_block"
	syncedClose  = "/synced_block"
)

// Paragraphs that stand for blocks without content.
const (
	tocMarker        = "[TOC]"
	breadcrumbMarker = "[breadcrumb]"
)

// mathInfo is the info string of a fenced block that is an equation.
const mathInfo = "math"

// notionLanguages are the languages of Notion's code blocks.
var notionLanguages = map[string]bool{}

func init() {
	for _, l := range strings.Split("abap|agda|arduino|ascii art|assembly|bash|basic|bnf|c|c#|c++|clojure|coffeescript|coq|css|dart|dhall|diff|docker|ebnf|elixir|elm|erlang|f#|flow|fortran|gherkin|glsl|go|graphql|groovy|haskell|hcl|html|idris|java|javascript|json|julia|kotlin|latex|less|lisp|livescript|llvm ir|lua|makefile|markdown|markup|matlab|mathematica|mermaid|nix|notion formula|objective-c|ocaml|pascal|perl|php|plain text|powershell|prolog|protobuf|purescript|python|r|racket|reason|ruby|rust|sass|scala|scheme|scss|shell|smalltalk|solidity|sql|swift|toml|typescript|vb.net|verilog|vhdl|visual basic|webassembly|xml|yaml|java/c/c++/c#", "|") {
		notionLanguages[l] = true
	}
}

// languageAliases maps common info strings to Notion's language names.
var languageAliases = map[string]string{
	"sh": "shell", "zsh": "shell", "console": "shell", "shell-session": "shell", "bash": "bash",
	"js": "javascript", "jsx": "javascript", "ts": "typescript", "tsx": "typescript",
	"py": "python", "python3": "python", "yml": "yaml", "golang": "go", "rb": "ruby", "rs": "rust",
	"cpp": "c++", "cc": "c++", "cxx": "c++", "h": "c", "cs": "c#", "csharp": "c#", "fsharp": "f#",
	"objc": "objective-c", "dockerfile": "docker", "text": "plain text", "txt": "plain text",
	"plaintext": "plain text", "plain": "plain text", "md": "markdown", "tex": "latex", "kt": "kotlin",
	"ps1": "powershell", "pwsh": "powershell", "proto": "protobuf", "hs": "haskell", "ex": "elixir",
	"exs": "elixir", "erl": "erlang", "sol": "solidity", "tf": "hcl", "terraform": "hcl",
	"make": "makefile", "mk": "makefile", "htm": "html", "svg": "xml", "jsonc": "json", "json5": "json",
	"gql": "graphql", "ml": "ocaml", "pl": "perl", "vb": "visual basic", "asm": "assembly",
	"wasm": "webassembly", "wat": "webassembly", "mermaidjs": "mermaid", "patch": "diff",
}

// fenceLanguage returns the info string that Render writes for a Notion language.
func fenceLanguage(lang string) string {
	if lang == "" || lang == "plain text" {
		return ""
	}
	return strings.ReplaceAll(lang, " ", "-")
}

// notionLanguage returns the Notion language of a fence's info string ("plain text" for
// none or one Notion does not know).
func notionLanguage(info string) string {
	word, _, _ := strings.Cut(strings.TrimSpace(info), " ")
	word = strings.ToLower(strings.Trim(word, "{}."))
	if word == "" {
		return "plain text"
	}
	if alias, ok := languageAliases[word]; ok {
		return alias
	}
	if notionLanguages[word] {
		return word
	}
	if spaced := strings.ReplaceAll(word, "-", " "); notionLanguages[spaced] {
		return spaced
	}
	return "plain text"
}

// Language returns Notion's name of a code language given by a common name or a fence's info
// string: "golang" and "go" give "go", "sh" gives "shell"; "plain text" for one Notion does
// not know.
func Language(name string) string {
	if lower := strings.ToLower(strings.TrimSpace(name)); notionLanguages[lower] {
		return lower
	}
	return notionLanguage(name)
}
