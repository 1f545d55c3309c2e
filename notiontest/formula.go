package notiontest

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds Notion formulas (formulas 2.0 syntax): the parser, the printer that
// renders an expression in the form Notion stores it, and the evaluator behind the values of
// formula properties.

// maxFormulaDepth bounds the nesting of a formula expression, so that a hostile expression
// cannot exhaust the stack.
const maxFormulaDepth = 200

// fnode is a node of a parsed formula expression.
type fnode interface{ isFormulaNode() }

type (
	// numLit is a number literal, with the text it was written as.
	numLit struct {
		v    float64
		text string
	}
	// strLit is a string literal.
	strLit struct{ v string }
	// boolLit is true or false.
	boolLit struct{ v bool }
	// propRef is a reference to a property of the page: prop("Name"), or Notion's stored form
	// {{notion:block_property:<id>:...}} (raw is the text between the braces).
	propRef struct {
		name string
		id   string
		raw  string
	}
	// identNode is a bare identifier: a variable of let, lets, map and friends (current,
	// index, ...) or a constant (pi, e).
	identNode struct{ name string }
	// unaryNode is a prefix operator: -, +, not, !.
	unaryNode struct {
		op string
		x  fnode
	}
	// binaryNode is an infix operator.
	binaryNode struct {
		op   string
		l, r fnode
	}
	// condNode is c ? a : b.
	condNode struct{ c, a, b fnode }
	// callNode is a function call; a method call x.f(a) has method set and x as args[0].
	callNode struct {
		name   string
		args   []fnode
		method bool
	}
	// listNode is a list literal [a, b, ...].
	listNode struct{ items []fnode }
)

func (numLit) isFormulaNode()     {}
func (strLit) isFormulaNode()     {}
func (boolLit) isFormulaNode()    {}
func (propRef) isFormulaNode()    {}
func (identNode) isFormulaNode()  {}
func (unaryNode) isFormulaNode()  {}
func (binaryNode) isFormulaNode() {}
func (condNode) isFormulaNode()   {}
func (callNode) isFormulaNode()   {}
func (listNode) isFormulaNode()   {}

// tokKind is the kind of a formula token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokNum
	tokStr
	tokIdent
	tokRef
	tokOp
	tokPunct
)

// token is one token of a formula expression.
type token struct {
	kind tokKind
	text string // for tokStr the unquoted string, for tokRef the text between the braces
}

// refPrefix starts Notion's stored form of a property reference.
const refPrefix = "notion:block_property:"

// lexFormula splits a formula expression into tokens.
func lexFormula(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isDigit(src[i]) || r == '.' && i+1 < len(src) && isDigit(src[i+1]):
			j := i
			for j < len(src) && (isDigit(src[j]) || src[j] == '.' && j+1 < len(src) && isDigit(src[j+1])) {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < len(src) && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if k < len(src) && isDigit(src[k]) {
					for k < len(src) && isDigit(src[k]) {
						k++
					}
					j = k
				}
			}
			toks = append(toks, token{tokNum, src[i:j]})
			i = j
		case r == '"' || r == '\'':
			s, n, err := lexString(src[i:])
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tokStr, s})
			i += n
		case r == '{' && strings.HasPrefix(src[i:], "{{"):
			end := strings.Index(src[i:], "}}")
			if end < 0 {
				return nil, fmt.Errorf("unterminated {{ at %d", i)
			}
			toks = append(toks, token{tokRef, src[i+2 : i+end]})
			i += end + 2
		case unicode.IsLetter(r) || r == '_':
			j := i
			for j < len(src) {
				c, n := utf8.DecodeRuneInString(src[j:])
				if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' {
					break
				}
				j += n
			}
			toks = append(toks, token{tokIdent, src[i:j]})
			i = j
		default:
			op := ""
			for _, candidate := range []string{"==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "^", "<", ">", "!", "?", ":", "(", ")", "[", "]", ",", "."} {
				if strings.HasPrefix(src[i:], candidate) {
					op = candidate
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("unexpected %q at %d", r, i)
			}
			kind := tokOp
			if strings.Contains("()[],.?:", op) {
				kind = tokPunct
			}
			toks = append(toks, token{kind, op})
			i += len(op)
		}
	}
	return append(toks, token{kind: tokEOF}), nil
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lexString reads a quoted string literal at the start of src, answering its value and length.
func lexString(src string) (string, int, error) {
	quote := src[0]
	var b strings.Builder
	for i := 1; i < len(src); i++ {
		c := src[i]
		switch {
		case c == quote:
			return b.String(), i + 1, nil
		case c == '\\' && i+1 < len(src):
			i++
			switch src[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(src[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

// formulaParser is a precedence-climbing parser over a token list.
type formulaParser struct {
	toks  []token
	pos   int
	depth int
}

// parseFormula parses a formula expression.
func parseFormula(src string) (fnode, error) {
	toks, err := lexFormula(src)
	if err != nil {
		return nil, err
	}
	p := &formulaParser{toks: toks}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, fmt.Errorf("unexpected %q", t.text)
	}
	return n, nil
}

func (p *formulaParser) peek() token { return p.toks[p.pos] }

func (p *formulaParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

// accept consumes the next token when it is the punctuation or operator text.
func (p *formulaParser) accept(text string) bool {
	if t := p.peek(); (t.kind == tokPunct || t.kind == tokOp) && t.text == text {
		p.pos++
		return true
	}
	return false
}

func (p *formulaParser) expect(text string) error {
	if !p.accept(text) {
		return fmt.Errorf("expected %q, found %q", text, p.peek().text)
	}
	return nil
}

// binaryPrec is the precedence of each infix operator (higher binds tighter) and whether it
// is right-associative.
func binaryPrec(t token) (op string, prec int, right bool) {
	if t.kind == tokIdent {
		switch t.text {
		case "or":
			return "or", 2, false
		case "and":
			return "and", 3, false
		}
		return "", 0, false
	}
	if t.kind != tokOp && !(t.kind == tokPunct && t.text == "?") {
		return "", 0, false
	}
	switch t.text {
	case "?":
		return "?", 1, true
	case "||":
		return "or", 2, false
	case "&&":
		return "and", 3, false
	case "==", "!=":
		return t.text, 4, false
	case "<", "<=", ">", ">=":
		return t.text, 5, false
	case "+", "-":
		return t.text, 6, false
	case "*", "/", "%":
		return t.text, 7, false
	case "^":
		return t.text, 9, true
	}
	return "", 0, false
}

// unaryPrec binds prefix operators tighter than * and looser than ^.
const unaryPrec = 8

// expr parses an expression whose operators bind at least as tightly as minPrec.
func (p *formulaParser) expr(minPrec int) (fnode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxFormulaDepth {
		return nil, fmt.Errorf("expression nested too deeply")
	}
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op, prec, right := binaryPrec(p.peek())
		if op == "" || prec < minPrec {
			return left, nil
		}
		p.next()
		if op == "?" {
			a, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			b, err := p.expr(prec)
			if err != nil {
				return nil, err
			}
			left = condNode{left, a, b}
			continue
		}
		nextMin := prec + 1
		if right {
			nextMin = prec
		}
		r, err := p.expr(nextMin)
		if err != nil {
			return nil, err
		}
		left = binaryNode{op, left, r}
	}
}

// unary parses prefix operators and then a postfix expression.
func (p *formulaParser) unary() (fnode, error) {
	t := p.peek()
	if t.kind == tokOp && (t.text == "-" || t.text == "+" || t.text == "!") || t.kind == tokIdent && t.text == "not" && p.toks[p.pos+1].text != "(" {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxFormulaDepth {
			return nil, fmt.Errorf("expression nested too deeply")
		}
		x, err := p.expr(unaryPrec)
		if err != nil {
			return nil, err
		}
		op := t.text
		if op == "!" {
			op = "not"
		}
		return unaryNode{op, x}, nil
	}
	return p.postfix()
}

// postfix parses a primary expression followed by method calls.
func (p *formulaParser) postfix() (fnode, error) {
	n, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.accept(".") {
		name := p.next()
		if name.kind != tokIdent {
			return nil, fmt.Errorf("expected a method name after '.'")
		}
		args := []fnode{n}
		if p.accept("(") {
			rest, err := p.args(")")
			if err != nil {
				return nil, err
			}
			args = append(args, rest...)
		}
		n = callNode{name: name.text, args: args, method: true}
	}
	return n, nil
}

// args parses comma-separated expressions up to the closing punctuation.
func (p *formulaParser) args(closing string) ([]fnode, error) {
	var out []fnode
	if p.accept(closing) {
		return out, nil
	}
	for {
		a, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
		if p.accept(closing) {
			return out, nil
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
	}
}

// primary parses a literal, reference, identifier, call, list or parenthesized expression.
func (p *formulaParser) primary() (fnode, error) {
	t := p.next()
	switch t.kind {
	case tokNum:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", t.text)
		}
		return numLit{v, t.text}, nil
	case tokStr:
		return strLit{t.text}, nil
	case tokRef:
		if !strings.HasPrefix(t.text, refPrefix) {
			return nil, fmt.Errorf("unknown reference {{%s}}", t.text)
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(t.text, refPrefix), ":")
		return propRef{id: id, raw: t.text}, nil
	case tokIdent:
		switch t.text {
		case "true", "false":
			return boolLit{t.text == "true"}, nil
		}
		if !p.accept("(") {
			return identNode{t.text}, nil
		}
		args, err := p.args(")")
		if err != nil {
			return nil, err
		}
		if t.text == "prop" && len(args) == 1 {
			if s, ok := args[0].(strLit); ok {
				return propRef{name: s.v}, nil
			}
		}
		return callNode{name: t.text, args: args}, nil
	case tokPunct:
		switch t.text {
		case "(":
			n, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			return n, p.expect(")")
		case "[":
			items, err := p.args("]")
			if err != nil {
				return nil, err
			}
			return listNode{items}, nil
		}
	}
	if t.kind == tokEOF {
		return nil, fmt.Errorf("unexpected end of formula")
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

// formulaPrinter prints a parsed formula in Notion's stored form: operators spaced, a
// binary operand that is itself an operation in parentheses, other parentheses dropped, and
// property references resolved by resolve (which answers the stored reference text for a
// property name, or "" to keep prop("Name")).
type formulaPrinter struct {
	b       strings.Builder
	resolve func(name string) string
}

// printFormula renders a parsed formula; resolve may be nil.
func printFormula(n fnode, resolve func(name string) string) string {
	p := &formulaPrinter{resolve: resolve}
	p.node(n)
	return p.b.String()
}

// isOperation reports whether n prints with an operator at its top.
func isOperation(n fnode) bool {
	switch n.(type) {
	case binaryNode, condNode, unaryNode:
		return true
	}
	return false
}

// operand prints n, in parentheses when it is an operation.
func (p *formulaPrinter) operand(n fnode) {
	if isOperation(n) {
		p.b.WriteByte('(')
		p.node(n)
		p.b.WriteByte(')')
		return
	}
	p.node(n)
}

func (p *formulaPrinter) list(items []fnode) {
	for i, a := range items {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.node(a)
	}
}

func (p *formulaPrinter) node(n fnode) {
	switch n := n.(type) {
	case numLit:
		p.b.WriteString(n.text)
	case strLit:
		p.b.WriteString(quoteFormulaString(n.v))
	case boolLit:
		p.b.WriteString(strconv.FormatBool(n.v))
	case propRef:
		switch {
		case n.raw != "":
			p.b.WriteString("{{" + n.raw + "}}")
		case p.resolve != nil && p.resolve(n.name) != "":
			p.b.WriteString("{{" + p.resolve(n.name) + "}}")
		default:
			p.b.WriteString("prop(" + quoteFormulaString(n.name) + ")")
		}
	case identNode:
		p.b.WriteString(n.name)
	case unaryNode:
		p.b.WriteString(n.op)
		if n.op == "not" {
			p.b.WriteByte(' ')
		}
		p.operand(n.x)
	case binaryNode:
		p.operand(n.l)
		p.b.WriteString(" " + n.op + " ")
		p.operand(n.r)
	case condNode:
		p.operand(n.c)
		p.b.WriteString(" ? ")
		p.operand(n.a)
		p.b.WriteString(" : ")
		p.operand(n.b)
	case callNode:
		args := n.args
		if n.method && len(args) > 0 {
			p.operand(args[0])
			p.b.WriteString("." + n.name + "(")
			args = args[1:]
		} else {
			p.b.WriteString(n.name + "(")
		}
		p.list(args)
		p.b.WriteByte(')')
	case listNode:
		p.b.WriteByte('[')
		p.list(n.items)
		p.b.WriteByte(']')
	}
}

// quoteFormulaString writes a string literal the way Notion prints it.
func quoteFormulaString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// nilWorkspace is the all-zero id Notion writes in the middle of a stored property reference.
const nilWorkspace = "00000000-0000-0000-0000-000000000000"

// formulaRefText is the stored reference to a property id, as Notion writes it.
func formulaRefText(id, workspaceID string) string {
	return refPrefix + id + ":" + nilWorkspace + ":" + workspaceID
}

// propRefPattern matches prop("Name") in an expression the parser cannot read.
var propRefPattern = regexp.MustCompile(`prop\(\s*"((?:[^"\\]|\\.)*)"\s*\)`)

// rewriteFormula turns a formula expression into the form Notion stores and answers:
// prop("Name") becomes {{notion:block_property:<id>:00000000-0000-0000-0000-000000000000:
// <workspaceID>}} for the properties of props, and the expression is printed in Notion's
// spacing. An expression the parser cannot read only has its references rewritten.
func rewriteFormula(expr string, props jsonObject, workspaceID string) string {
	resolve := func(name string) string {
		if p, ok := object(props, name); ok {
			return formulaRefText(str(p, "id"), workspaceID)
		}
		return ""
	}
	n, err := parseFormula(expr)
	if err == nil {
		return printFormula(n, resolve)
	}
	return propRefPattern.ReplaceAllStringFunc(expr, func(m string) string {
		sub := propRefPattern.FindStringSubmatch(m)
		name := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(sub[1])
		if ref := resolve(name); ref != "" {
			return "{{" + ref + "}}"
		}
		return m
	})
}

// fkind is the type of a formula value.
type fkind int

const (
	fString fkind = iota
	fNumber
	fBool
	fDate
	fList
	fPerson
	fPage
)

// fvalue is a formula value. null marks the empty value of its kind (an empty number
// property, an unset date, ...).
type fvalue struct {
	kind  fkind
	null  bool
	num   float64
	str   string // a string; a person's name; a page's title
	b     bool
	date  notionDate
	end   *notionDate // the end of a date range
	list  []fvalue
	id    string // a person's or page's id
	email string
}

// Constructors of formula values.
func fstr(s string) fvalue        { return fvalue{kind: fString, str: s} }
func fnum(n float64) fvalue       { return fvalue{kind: fNumber, num: n} }
func fbool(b bool) fvalue         { return fvalue{kind: fBool, b: b} }
func fdate(d notionDate) fvalue   { return fvalue{kind: fDate, date: d} }
func flist(items []fvalue) fvalue { return fvalue{kind: fList, list: items} }
func fnull(kind fkind) fvalue     { return fvalue{kind: kind, null: true} }

// formulaError is a formula that cannot be evaluated; its property answers the null value.
type formulaError string

func (e formulaError) Error() string { return string(e) }

// errorf makes a formulaError.
func errorf(format string, args ...any) error { return formulaError(fmt.Sprintf(format, args...)) }

// Bounds on the work of one evaluation: the nodes evaluated (list functions multiply them)
// and the length of the texts that repeat and the pad functions build.
const (
	maxFormulaSteps = 100000
	maxFormulaText  = 100000
)

// formulaEval evaluates the formulas of one page.
type formulaEval struct {
	db     jsonObject // the page's database
	page   jsonObject
	env    valueEnv
	now    time.Time
	active map[string]bool // ids of the formula properties being evaluated, against cycles
	steps  int
}

// newFormulaEval prepares the evaluation of formulas on page, a page of db.
func newFormulaEval(db, page jsonObject, env valueEnv) *formulaEval {
	return &formulaEval{db: db, page: page, env: env, now: env.now().UTC(), active: map[string]bool{}}
}

// property evaluates the formula property p (of the page's database) into its page value
// {"type":"string"|"number"|"boolean"|"date", "<type>": ...}; an expression that cannot be
// evaluated answers the null value of the type it would have (see formulaType).
func (e *formulaEval) property(p jsonObject) jsonObject {
	e.steps = 0
	v, err := e.formulaProperty(p)
	if err != nil {
		props, _ := object(e.db, "properties")
		t := formulaType(p, props, 0)
		return jsonObject{"type": t, t: nil}
	}
	return formulaResult(v)
}

// formulaType is the result type ("string", "number", "boolean" or "date") that the formula
// property p has, read from its expression without evaluating it; depth bounds the formulas
// it follows through references.
func formulaType(p, props jsonObject, depth int) string {
	cfg, _ := object(p, "formula")
	n, err := parseFormula(str(cfg, "expression"))
	if err != nil || depth > len(props) {
		return "string"
	}
	return nodeType(n, props, depth)
}

// functionTypes are the result types of the functions whose result type does not depend on
// their arguments.
var functionTypes = func() map[string]string {
	types := map[string]string{}
	for t, names := range map[string][]string{
		"number": {"length", "toNumber", "abs", "ceil", "floor", "round", "sqrt", "cbrt", "exp", "ln",
			"log10", "log2", "sign", "pow", "mod", "subtract", "multiply", "divide", "unaryMinus",
			"unaryPlus", "max", "min", "sum", "mean", "median", "minute", "hour", "day", "date", "week",
			"month", "year", "timestamp", "dateBetween", "findIndex", "pi", "e"},
		"string": {"format", "join", "lower", "upper", "trim", "repeat", "padStart", "padEnd", "replace",
			"replaceAll", "substring", "style", "unstyle", "link", "formatDate", "id", "name", "email"},
		"boolean": {"not", "empty", "equal", "unequal", "larger", "largerEq", "smaller", "smallerEq",
			"and", "or", "contains", "includes", "test", "some", "every"},
		"date": {"now", "today", "dateAdd", "dateSubtract", "fromTimestamp", "parseDate", "dateRange",
			"dateStart", "dateEnd"},
	} {
		for _, n := range names {
			types[n] = t
		}
	}
	return types
}()

// nodeType is the result type of an expression (see formulaType).
func nodeType(n fnode, props jsonObject, depth int) string {
	switch n := n.(type) {
	case numLit:
		return "number"
	case boolLit:
		return "boolean"
	case unaryNode:
		if n.op == "not" {
			return "boolean"
		}
		return "number"
	case binaryNode:
		switch n.op {
		case "+":
			if nodeType(n.l, props, depth) == "string" || nodeType(n.r, props, depth) == "string" {
				return "string"
			}
			return "number"
		case "-", "*", "/", "%", "^":
			return "number"
		}
		return "boolean"
	case condNode:
		return nodeType(n.a, props, depth)
	case callNode:
		switch n.name {
		case "if", "ifs":
			if len(n.args) > 1 {
				return nodeType(n.args[1], props, depth)
			}
		case "let", "lets":
			if len(n.args) > 0 {
				return nodeType(n.args[len(n.args)-1], props, depth)
			}
		}
		if t, ok := functionTypes[n.name]; ok {
			return t
		}
	case propRef:
		var p jsonObject
		if n.raw == "" {
			p, _ = object(props, n.name)
		} else {
			_, p, _ = propertyByID(props, n.id)
		}
		return propertyType(p, props, depth)
	}
	return "string"
}

// propertyType is the formula type of a property's values.
func propertyType(p, props jsonObject, depth int) string {
	switch str(p, "type") {
	case "number", "unique_id":
		return "number"
	case "checkbox":
		return "boolean"
	case "date", "created_time", "last_edited_time":
		return "date"
	case "formula":
		return formulaType(p, props, depth+1)
	case "rollup":
		cfg, _ := object(p, "rollup")
		switch fn := str(cfg, "function"); {
		case fn == "earliest_date" || fn == "latest_date" || fn == "date_range":
			return "date"
		case fn != "show_original" && fn != "show_unique":
			return "number"
		}
	}
	return "string"
}

// formulaProperty evaluates the expression of the formula property p.
func (e *formulaEval) formulaProperty(p jsonObject) (fvalue, error) {
	id := str(p, "id")
	if e.active[id] {
		return fvalue{}, errorf("formula %s refers to itself", str(p, "name"))
	}
	e.active[id] = true
	defer delete(e.active, id)
	cfg, _ := object(p, "formula")
	n, err := parseFormula(str(cfg, "expression"))
	if err != nil {
		return fvalue{}, err
	}
	return e.eval(n, nil)
}

// formulaResult is the page value of a formula result.
func formulaResult(v fvalue) jsonObject {
	switch v.kind {
	case fNumber:
		if v.null || math.IsNaN(v.num) || math.IsInf(v.num, 0) {
			return jsonObject{"type": "number", "number": nil}
		}
		return jsonObject{"type": "number", "number": v.num}
	case fBool:
		return jsonObject{"type": "boolean", "boolean": v.b && !v.null}
	case fDate:
		if v.null {
			return jsonObject{"type": "date", "date": nil}
		}
		d := jsonObject{"start": v.date.String(), "end": nil, "time_zone": nil}
		if v.end != nil {
			d["end"] = v.end.String()
		}
		return jsonObject{"type": "date", "date": d}
	}
	if v.null {
		return jsonObject{"type": "string", "string": nil}
	}
	return jsonObject{"type": "string", "string": formatValue(v)}
}

// eval evaluates a node with the variables of let, lets and the list functions.
func (e *formulaEval) eval(n fnode, vars map[string]fvalue) (fvalue, error) {
	e.steps++
	if e.steps > maxFormulaSteps {
		return fvalue{}, errorf("formula too expensive")
	}
	switch n := n.(type) {
	case numLit:
		return fnum(n.v), nil
	case strLit:
		return fstr(n.v), nil
	case boolLit:
		return fbool(n.v), nil
	case listNode:
		items := make([]fvalue, 0, len(n.items))
		for _, it := range n.items {
			v, err := e.eval(it, vars)
			if err != nil {
				return fvalue{}, err
			}
			items = append(items, v)
		}
		return flist(items), nil
	case identNode:
		if v, ok := vars[n.name]; ok {
			return v, nil
		}
		switch n.name {
		case "pi":
			return fnum(math.Pi), nil
		case "e":
			return fnum(math.E), nil
		}
		return fvalue{}, errorf("unknown name %s", n.name)
	case propRef:
		return e.ref(n)
	case unaryNode:
		x, err := e.eval(n.x, vars)
		if err != nil {
			return fvalue{}, err
		}
		switch n.op {
		case "not":
			return fbool(!truthy(x)), nil
		case "-":
			f, err := number(x)
			return fnum(-f), err
		}
		f, err := number(x)
		return fnum(f), err
	case binaryNode:
		return e.charge(e.binary(n, vars))
	case condNode:
		c, err := e.eval(n.c, vars)
		if err != nil {
			return fvalue{}, err
		}
		if truthy(c) {
			return e.eval(n.a, vars)
		}
		return e.eval(n.b, vars)
	case callNode:
		return e.charge(e.call(n, vars))
	}
	return fvalue{}, errorf("cannot evaluate")
}

// charge counts the size of a computed value against the evaluation's budget, so that
// formulas that build large texts or lists stop early.
func (e *formulaEval) charge(v fvalue, err error) (fvalue, error) {
	if err != nil {
		return fvalue{}, err
	}
	e.steps += len(v.str)/64 + len(v.list)
	if e.steps > maxFormulaSteps {
		return fvalue{}, errorf("formula too expensive")
	}
	return v, nil
}

// binary evaluates an infix operator; and and or short-circuit.
func (e *formulaEval) binary(n binaryNode, vars map[string]fvalue) (fvalue, error) {
	l, err := e.eval(n.l, vars)
	if err != nil {
		return fvalue{}, err
	}
	switch n.op {
	case "and", "or":
		if truthy(l) == (n.op == "or") {
			return fbool(n.op == "or"), nil
		}
		r, err := e.eval(n.r, vars)
		return fbool(truthy(r)), err
	}
	r, err := e.eval(n.r, vars)
	if err != nil {
		return fvalue{}, err
	}
	return operate(n.op, l, r)
}

// operate applies an arithmetic or comparison operator.
func operate(op string, l, r fvalue) (fvalue, error) {
	switch op {
	case "==":
		return fbool(formulaEqual(l, r)), nil
	case "!=":
		return fbool(!formulaEqual(l, r)), nil
	case "<", "<=", ">", ">=":
		c, ok := compareValues(l, r)
		if !ok {
			return fbool(false), nil
		}
		switch op {
		case "<":
			return fbool(c < 0), nil
		case "<=":
			return fbool(c <= 0), nil
		case ">":
			return fbool(c > 0), nil
		}
		return fbool(c >= 0), nil
	case "+":
		if l.kind == fString || r.kind == fString {
			return fstr(formatValue(l) + formatValue(r)), nil
		}
		if l.kind == fList && r.kind == fList {
			return flist(append(append([]fvalue{}, l.list...), r.list...)), nil
		}
	}
	a, err := number(l)
	if err != nil {
		return fvalue{}, err
	}
	b, err := number(r)
	if err != nil {
		return fvalue{}, err
	}
	switch op {
	case "+":
		return fnum(a + b), nil
	case "-":
		return fnum(a - b), nil
	case "*":
		return fnum(a * b), nil
	case "/":
		if b == 0 {
			return fvalue{}, errorf("division by zero")
		}
		return fnum(a / b), nil
	case "%":
		if b == 0 {
			return fvalue{}, errorf("division by zero")
		}
		return fnum(math.Mod(a, b)), nil
	case "^":
		return fnum(math.Pow(a, b)), nil
	}
	return fvalue{}, errorf("unknown operator %s", op)
}

// number reads a number operand; the empty number counts as 0.
func number(v fvalue) (float64, error) {
	switch {
	case v.kind == fNumber && v.null:
		return 0, nil
	case v.kind == fNumber:
		return v.num, nil
	case v.kind == fBool:
		if v.b {
			return 1, nil
		}
		return 0, nil
	}
	return 0, errorf("expected a number")
}

// truthy is the condition value of if(), and, or and not.
func truthy(v fvalue) bool {
	if v.null {
		return false
	}
	switch v.kind {
	case fBool:
		return v.b
	case fNumber:
		return v.num != 0
	case fString:
		return v.str != ""
	case fList:
		return len(v.list) > 0
	}
	return true
}

// isEmpty is empty(): the null value, "", 0, false and [].
func isEmpty(v fvalue) bool {
	if v.null {
		return true
	}
	switch v.kind {
	case fString:
		return v.str == ""
	case fNumber:
		return v.num == 0
	case fBool:
		return !v.b
	case fList:
		return len(v.list) == 0
	}
	return false
}

// formulaEqual is ==: values of the same kind with the same content; the null string equals "".
func formulaEqual(a, b fvalue) bool {
	if a.null || b.null {
		if a.null && b.null {
			return true
		}
		other := a
		if a.null {
			other = b
		}
		return other.kind == fString && other.str == "" && (a.kind == fString || b.kind == fString)
	}
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case fNumber:
		return a.num == b.num
	case fBool:
		return a.b == b.b
	case fDate:
		return a.date.t.Equal(b.date.t)
	case fList:
		if len(a.list) != len(b.list) {
			return false
		}
		for i := range a.list {
			if !formulaEqual(a.list[i], b.list[i]) {
				return false
			}
		}
		return true
	case fPerson, fPage:
		return a.id == b.id
	}
	return a.str == b.str
}

// compareValues orders two numbers, strings, dates or booleans; ok is false for other pairs
// and for null values.
func compareValues(a, b fvalue) (int, bool) {
	if a.null || b.null || a.kind != b.kind {
		return 0, false
	}
	switch a.kind {
	case fNumber:
		return cmpFloat(a.num, b.num), true
	case fString:
		return strings.Compare(a.str, b.str), true
	case fDate:
		return a.date.t.Compare(b.date.t), true
	case fBool:
		return cmpFloat(boolNum(a.b), boolNum(b.b)), true
	}
	return 0, false
}

// identity is a text that two values share exactly when they are equal (==).
func identity(v fvalue) string {
	if v.null {
		if v.kind == fString {
			return "s:"
		}
		return "null"
	}
	switch v.kind {
	case fNumber:
		return "n:" + strconv.FormatFloat(v.num, 'g', -1, 64)
	case fBool:
		return "b:" + strconv.FormatBool(v.b)
	case fDate:
		return "d:" + strconv.FormatInt(v.date.t.UnixNano(), 10)
	case fList:
		parts := make([]string, 0, len(v.list))
		for _, it := range v.list {
			parts = append(parts, strconv.Quote(identity(it)))
		}
		return "l:" + strings.Join(parts, ",")
	case fPerson, fPage:
		return "i:" + v.id
	}
	return "s:" + v.str
}

// cmpFloat orders two numbers.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// boolNum is 1 for true and 0 for false.
func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// formatValue is format(): the text of a value as Notion shows it.
func formatValue(v fvalue) string {
	if v.null {
		return ""
	}
	switch v.kind {
	case fNumber:
		return formatNumber(v.num)
	case fBool:
		return strconv.FormatBool(v.b)
	case fDate:
		s := formatDisplayDate(v.date)
		if v.end != nil {
			s += " → " + formatDisplayDate(*v.end)
		}
		return s
	case fList:
		parts := make([]string, 0, len(v.list))
		for _, it := range v.list {
			parts = append(parts, formatValue(it))
		}
		return strings.Join(parts, ", ")
	}
	return v.str
}

// formatDisplayDate is a date as format() writes it.
func formatDisplayDate(d notionDate) string {
	if d.dateOnly {
		return d.t.Format("January 2, 2006")
	}
	return d.t.Format("January 2, 2006 3:04 PM")
}

// formatNumber writes a number the way JavaScript does.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	if abs := math.Abs(f); abs >= 1e21 || abs < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[:1]
		exp = strings.TrimLeft(exp[1:], "0")
		return mant + "e" + sign + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// ref evaluates a property reference on the page.
func (e *formulaEval) ref(r propRef) (fvalue, error) {
	props, _ := object(e.db, "properties")
	var schema jsonObject
	var ok bool
	if r.raw == "" {
		schema, ok = object(props, r.name)
	} else {
		_, schema, ok = propertyByID(props, r.id)
	}
	if !ok {
		switch r.id {
		case "created_time", "last_edited_time":
			return timestampValue(e.page[r.id]), nil
		case "created_by", "last_edited_by":
			return e.person(e.page[r.id]), nil
		}
		return fvalue{}, errorf("unknown property %s%s", r.name, r.id)
	}
	switch str(schema, "type") {
	case "formula":
		return e.formulaProperty(schema)
	case "rollup":
		cfg, _ := object(schema, "rollup")
		return e.stored(computeRollup(cfg, e.page, e.env)), nil
	case "created_time", "last_edited_time":
		return timestampValue(e.page[str(schema, "type")]), nil
	case "created_by", "last_edited_by":
		return e.person(e.page[str(schema, "type")]), nil
	}
	pageProps, _ := object(e.page, "properties")
	if _, v, ok := propertyByID(pageProps, str(schema, "id")); ok {
		return e.stored(v), nil
	}
	return e.stored(emptyValue(schema)), nil
}

// timestampValue converts a created_time or last_edited_time into a date.
func timestampValue(v any) fvalue {
	s, _ := v.(string)
	d, ok := parseDate(s, time.UTC)
	if !ok {
		return fnull(fDate)
	}
	return fdate(d)
}

// person converts a user reference or user object into a person value.
func (e *formulaEval) person(v any) fvalue {
	u, ok := v.(map[string]any)
	if !ok {
		return fnull(fPerson)
	}
	id := str(u, "id")
	if full, ok := e.env.user(id); ok {
		u = full
	}
	email := ""
	if p, ok := object(u, "person"); ok {
		email = str(p, "email")
	}
	return fvalue{kind: fPerson, id: id, str: str(u, "name"), email: email}
}

// pageRef converts a related page id into a page value titled like the page.
func (e *formulaEval) pageRef(id string) fvalue {
	title := ""
	if p, ok := e.env.page(id); ok {
		title = pageTitle(p)
	}
	return fvalue{kind: fPage, id: id, str: title}
}

// pageTitle is the plain text of a page's title property.
func pageTitle(page jsonObject) string {
	props, _ := object(page, "properties")
	for _, v := range props {
		if p, ok := v.(map[string]any); ok && str(p, "type") == "title" {
			return plainText(p["title"])
		}
	}
	return ""
}

// stored converts a stored page value (or rollup item) {"type":..,"<type>":..} into a formula
// value.
func (e *formulaEval) stored(v jsonObject) fvalue {
	typ := str(v, "type")
	raw := v[typ]
	switch typ {
	case "title", "rich_text":
		return fstr(plainText(raw))
	case "number":
		if f, ok := toFloat(raw); ok {
			return fnum(f)
		}
		return fnull(fNumber)
	case "select", "status":
		if o, ok := raw.(map[string]any); ok {
			return fstr(str(o, "name"))
		}
		return fnull(fString)
	case "multi_select", "files":
		// Both are lists of objects with a name: the options, or the files.
		items, _ := raw.([]any)
		out := []fvalue{}
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				out = append(out, fstr(str(o, "name")))
			}
		}
		return flist(out)
	case "date":
		return dateRangeValue(raw)
	case "people":
		items, _ := raw.([]any)
		out := []fvalue{}
		for _, it := range items {
			out = append(out, e.person(it))
		}
		return flist(out)
	case "created_by", "last_edited_by":
		return e.person(raw)
	case "checkbox":
		b, _ := raw.(bool)
		return fbool(b)
	case "url", "email", "phone_number":
		if s, ok := raw.(string); ok {
			return fstr(s)
		}
		return fnull(fString)
	case "relation":
		items, _ := raw.([]any)
		out := []fvalue{}
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				out = append(out, e.pageRef(str(o, "id")))
			}
		}
		return flist(out)
	case "created_time", "last_edited_time":
		return timestampValue(raw)
	case "unique_id":
		o, _ := raw.(map[string]any)
		n, ok := toFloat(o["number"])
		if !ok {
			return fnull(fNumber)
		}
		if prefix := str(o, "prefix"); prefix != "" {
			return fstr(prefix + "-" + formatNumber(n))
		}
		return fnum(n)
	case "place":
		if o, ok := raw.(map[string]any); ok {
			return fstr(str(o, "address"))
		}
		return fnull(fString)
	case "formula", "rollup":
		if o, ok := raw.(map[string]any); ok {
			return e.stored(o)
		}
	case "boolean":
		b, _ := raw.(bool)
		return fbool(b)
	case "string":
		if s, ok := raw.(string); ok {
			return fstr(s)
		}
		return fnull(fString)
	case "array":
		items, _ := raw.([]any)
		out := []fvalue{}
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				out = append(out, e.stored(o))
			}
		}
		return flist(out)
	}
	return fnull(fString)
}

// dateRangeValue converts a stored date value {"start","end"} into a date value.
func dateRangeValue(raw any) fvalue {
	start, ok := storedDate(raw, false)
	if !ok {
		return fnull(fDate)
	}
	v := fdate(start)
	if end, ok := storedDate(raw, true); ok {
		v.end = &end
	}
	return v
}

// call evaluates a function or method call. if, ifs, and, or, let, lets and the list
// functions taking a condition evaluate their arguments lazily; the others evaluate them
// first and go to callFunction.
func (e *formulaEval) call(n callNode, vars map[string]fvalue) (fvalue, error) {
	switch n.name {
	case "if":
		if len(n.args) != 3 {
			return fvalue{}, errorf("if takes 3 arguments")
		}
		return e.eval(condNode{n.args[0], n.args[1], n.args[2]}, vars)
	case "ifs":
		if len(n.args) < 3 || len(n.args)%2 == 0 {
			return fvalue{}, errorf("ifs takes condition/value pairs and a default")
		}
		for i := 0; i+1 < len(n.args); i += 2 {
			c, err := e.eval(n.args[i], vars)
			if err != nil {
				return fvalue{}, err
			}
			if truthy(c) {
				return e.eval(n.args[i+1], vars)
			}
		}
		return e.eval(n.args[len(n.args)-1], vars)
	case "and", "or":
		want := n.name == "or"
		for _, a := range n.args {
			v, err := e.eval(a, vars)
			if err != nil {
				return fvalue{}, err
			}
			if truthy(v) == want {
				return fbool(want), nil
			}
		}
		return fbool(!want), nil
	case "let", "lets":
		if len(n.args) < 3 || len(n.args)%2 == 0 {
			return fvalue{}, errorf("%s takes name/value pairs and an expression", n.name)
		}
		scope := maps.Clone(vars)
		if scope == nil {
			scope = map[string]fvalue{}
		}
		for i := 0; i+1 < len(n.args); i += 2 {
			id, ok := n.args[i].(identNode)
			if !ok {
				return fvalue{}, errorf("%s needs a variable name", n.name)
			}
			v, err := e.eval(n.args[i+1], scope)
			if err != nil {
				return fvalue{}, err
			}
			scope[id.name] = v
		}
		return e.eval(n.args[len(n.args)-1], scope)
	case "map", "filter", "find", "findIndex", "some", "every":
		return e.listCall(n, vars)
	case "prop":
		if n.method && len(n.args) == 2 {
			return e.relatedProp(n, vars)
		}
	}
	args := make([]fvalue, 0, len(n.args))
	for _, a := range n.args {
		v, err := e.eval(a, vars)
		if err != nil {
			return fvalue{}, err
		}
		args = append(args, v)
	}
	return e.callFunction(n.name, args)
}

// listCall evaluates map, filter, find, findIndex, some and every: the second argument is
// evaluated for each item, with the item as current and its position as index.
func (e *formulaEval) listCall(n callNode, vars map[string]fvalue) (fvalue, error) {
	if len(n.args) != 2 {
		return fvalue{}, errorf("%s takes a list and an expression", n.name)
	}
	lv, err := e.eval(n.args[0], vars)
	if err != nil {
		return fvalue{}, err
	}
	if lv.kind != fList {
		return fvalue{}, errorf("%s needs a list", n.name)
	}
	scope := maps.Clone(vars)
	if scope == nil {
		scope = map[string]fvalue{}
	}
	var out []fvalue
	for i, item := range lv.list {
		scope["current"] = item
		scope["index"] = fnum(float64(i))
		v, err := e.eval(n.args[1], scope)
		if err != nil {
			return fvalue{}, err
		}
		switch n.name {
		case "map":
			out = append(out, v)
		case "filter":
			if truthy(v) {
				out = append(out, item)
			}
		case "find":
			if truthy(v) {
				return item, nil
			}
		case "findIndex":
			if truthy(v) {
				return fnum(float64(i)), nil
			}
		case "some":
			if truthy(v) {
				return fbool(true), nil
			}
		case "every":
			if !truthy(v) {
				return fbool(false), nil
			}
		}
	}
	switch n.name {
	case "find":
		return fnull(fString), nil
	case "findIndex":
		return fnum(-1), nil
	case "some":
		return fbool(false), nil
	case "every":
		return fbool(true), nil
	}
	if out == nil {
		out = []fvalue{}
	}
	return flist(out), nil
}

// relatedProp evaluates page.prop("Name"): a property of a related page.
func (e *formulaEval) relatedProp(n callNode, vars map[string]fvalue) (fvalue, error) {
	pv, err := e.eval(n.args[0], vars)
	if err != nil {
		return fvalue{}, err
	}
	nv, err := e.eval(n.args[1], vars)
	if err != nil {
		return fvalue{}, err
	}
	if pv.kind != fPage || nv.kind != fString {
		return fvalue{}, errorf("prop needs a page and a property name")
	}
	page, ok := e.env.page(pv.id)
	if !ok {
		return fnull(fString), nil
	}
	props, _ := object(page, "properties")
	v, ok := object(props, nv.str)
	if !ok {
		return fvalue{}, errorf("unknown property %s", nv.str)
	}
	return e.stored(v), nil
}

// callFunction applies a function to evaluated arguments.
func (e *formulaEval) callFunction(name string, args []fvalue) (fvalue, error) {
	argc := func(n int) error {
		if len(args) != n {
			return errorf("%s takes %d arguments", name, n)
		}
		return nil
	}
	switch name {
	case "not":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		return fbool(!truthy(args[0])), nil
	case "empty":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		return fbool(isEmpty(args[0])), nil
	case "equal", "unequal", "larger", "largerEq", "smaller", "smallerEq",
		"add", "subtract", "multiply", "divide", "mod", "pow":
		if err := argc(2); err != nil {
			return fvalue{}, err
		}
		ops := map[string]string{"equal": "==", "unequal": "!=", "larger": ">", "largerEq": ">=",
			"smaller": "<", "smallerEq": "<=", "add": "+", "subtract": "-", "multiply": "*",
			"divide": "/", "mod": "%", "pow": "^"}
		return operate(ops[name], args[0], args[1])
	case "unaryMinus", "unaryPlus", "abs", "ceil", "floor", "sqrt", "cbrt", "exp", "ln", "log10", "log2", "sign":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		x, err := number(args[0])
		if err != nil {
			return fvalue{}, err
		}
		return fnum(mathFunctions[name](x)), nil
	case "round":
		if len(args) != 1 && len(args) != 2 {
			return fvalue{}, errorf("round takes 1 or 2 arguments")
		}
		x, err := number(args[0])
		if err != nil {
			return fvalue{}, err
		}
		scale := 1.0
		if len(args) == 2 {
			places, err := number(args[1])
			if err != nil {
				return fvalue{}, err
			}
			scale = math.Pow(10, math.Trunc(places))
		}
		return fnum(math.Floor(x*scale+0.5) / scale), nil
	case "max", "min", "sum", "mean", "median":
		return aggregate(name, args)
	case "pi", "e":
		if name == "pi" {
			return fnum(math.Pi), nil
		}
		return fnum(math.E), nil
	case "toNumber":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		return toNumberValue(args[0]), nil
	case "format":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		return fstr(formatValue(args[0])), nil
	case "length":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		if args[0].kind == fList {
			return fnum(float64(len(args[0].list))), nil
		}
		return fnum(float64(utf8.RuneCountInString(formatValue(args[0])))), nil
	case "concat":
		return concatValues(args), nil
	case "join":
		if err := argc(2); err != nil || args[0].kind != fList {
			return fvalue{}, errorf("join takes a list and a separator")
		}
		parts := make([]string, 0, len(args[0].list))
		for _, it := range args[0].list {
			parts = append(parts, formatValue(it))
		}
		return fstr(strings.Join(parts, formatValue(args[1]))), nil
	case "contains":
		if err := argc(2); err != nil {
			return fvalue{}, err
		}
		return fbool(strings.Contains(formatValue(args[0]), formatValue(args[1]))), nil
	case "includes":
		if err := argc(2); err != nil {
			return fvalue{}, err
		}
		if args[0].kind == fList {
			for _, it := range args[0].list {
				if formulaEqual(it, args[1]) {
					return fbool(true), nil
				}
			}
			return fbool(false), nil
		}
		return fbool(strings.Contains(formatValue(args[0]), formatValue(args[1]))), nil
	case "lower", "upper", "trim", "unstyle":
		if err := argc(1); err != nil {
			return fvalue{}, err
		}
		s := formatValue(args[0])
		switch name {
		case "lower":
			s = strings.ToLower(s)
		case "upper":
			s = strings.ToUpper(s)
		case "trim":
			s = strings.TrimSpace(s)
		}
		return fstr(s), nil
	case "style", "link":
		if len(args) == 0 {
			return fvalue{}, errorf("%s needs a text", name)
		}
		return fstr(formatValue(args[0])), nil
	case "repeat", "padStart", "padEnd":
		return padFunction(name, args)
	case "replace", "replaceAll", "test", "match":
		return regexFunction(name, args)
	case "split":
		if err := argc(2); err != nil {
			return fvalue{}, err
		}
		parts := strings.Split(formatValue(args[0]), formatValue(args[1]))
		out := make([]fvalue, 0, len(parts))
		for _, p := range parts {
			out = append(out, fstr(p))
		}
		return flist(out), nil
	case "substring", "slice":
		return sliceFunction(name, args)
	case "at", "first", "last", "sort", "reverse", "unique", "flat":
		return listFunction(name, args)
	case "id":
		switch {
		case len(args) == 0:
			return fstr(compactID(str(e.page, "id"))), nil
		case len(args) == 1 && (args[0].kind == fPage || args[0].kind == fPerson):
			return fstr(compactID(args[0].id)), nil
		}
		return fvalue{}, errorf("id takes a page")
	case "name", "email":
		if err := argc(1); err != nil || args[0].kind != fPerson {
			return fvalue{}, errorf("%s takes a person", name)
		}
		if name == "email" {
			return fstr(args[0].email), nil
		}
		return fstr(args[0].str), nil
	case "now":
		return fdate(notionDate{t: e.now.Truncate(time.Minute)}), nil
	case "today":
		y, m, d := e.now.Date()
		return fdate(notionDate{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), dateOnly: true}), nil
	}
	return dateFunction(name, args)
}

// mathFunctions are the numeric functions of one argument.
var mathFunctions = map[string]func(float64) float64{
	"unaryMinus": func(x float64) float64 { return -x },
	"unaryPlus":  func(x float64) float64 { return x },
	"abs":        math.Abs,
	"ceil":       math.Ceil,
	"floor":      math.Floor,
	"sqrt":       math.Sqrt,
	"cbrt":       math.Cbrt,
	"exp":        math.Exp,
	"ln":         math.Log,
	"log10":      math.Log10,
	"log2":       math.Log2,
	"sign": func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return x
	},
}

// aggregate evaluates max, min, sum, mean and median over numbers and lists of numbers.
func aggregate(name string, args []fvalue) (fvalue, error) {
	var nums []float64
	var add func(v fvalue) error
	add = func(v fvalue) error {
		if v.kind == fList {
			for _, it := range v.list {
				if err := add(it); err != nil {
					return err
				}
			}
			return nil
		}
		if v.null {
			return nil
		}
		f, err := number(v)
		if err != nil {
			return err
		}
		nums = append(nums, f)
		return nil
	}
	for _, a := range args {
		if err := add(a); err != nil {
			return fvalue{}, err
		}
	}
	if len(nums) == 0 {
		if name == "sum" {
			return fnum(0), nil
		}
		return fnull(fNumber), nil
	}
	r, _ := numberAggregate(name, nums)
	return fnum(r), nil
}

// numberAggregate computes max, min, sum, mean (or average), median or range of numbers;
// ok is false for no numbers.
func numberAggregate(name string, nums []float64) (float64, bool) {
	if len(nums) == 0 {
		return 0, false
	}
	sorted := slices.Clone(nums)
	slices.Sort(sorted)
	sum := 0.0
	for _, n := range nums {
		sum += n
	}
	switch name {
	case "max":
		return sorted[len(sorted)-1], true
	case "min":
		return sorted[0], true
	case "sum":
		return sum, true
	case "mean", "average":
		return sum / float64(len(nums)), true
	case "range":
		return sorted[len(sorted)-1] - sorted[0], true
	}
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid], true
	}
	return (sorted[mid-1] + sorted[mid]) / 2, true
}

// toNumberValue is toNumber(): a number from text (the empty number when it is not one), a
// boolean, a date (its timestamp) or a number.
func toNumberValue(v fvalue) fvalue {
	if v.null {
		return fnull(fNumber)
	}
	switch v.kind {
	case fNumber:
		return v
	case fBool:
		return fnum(boolNum(v.b))
	case fDate:
		return fnum(float64(v.date.t.UnixMilli()))
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(formatValue(v)), 64)
	if err != nil {
		return fnull(fNumber)
	}
	return fnum(f)
}

// concatValues is concat(): lists joined into one list, or texts into one text.
func concatValues(args []fvalue) fvalue {
	allLists := len(args) > 0
	for _, a := range args {
		if a.kind != fList {
			allLists = false
		}
	}
	if allLists {
		var out []fvalue
		for _, a := range args {
			out = append(out, a.list...)
		}
		return flist(out)
	}
	var b strings.Builder
	for _, a := range args {
		b.WriteString(formatValue(a))
	}
	return fstr(b.String())
}

// padFunction evaluates repeat(text, n), padStart(text, n, pad) and padEnd(text, n, pad).
func padFunction(name string, args []fvalue) (fvalue, error) {
	want := 3
	if name == "repeat" {
		want = 2
	}
	if len(args) != want {
		return fvalue{}, errorf("%s takes %d arguments", name, want)
	}
	n, err := number(args[1])
	s := formatValue(args[0])
	if err != nil || !(n >= 0 && n*float64(max(len(s), 1)) <= maxFormulaText) {
		return fvalue{}, errorf("%s would make a text longer than %d characters", name, maxFormulaText)
	}
	if name == "repeat" {
		return fstr(strings.Repeat(s, int(n))), nil
	}
	pad := formatValue(args[2])
	missing := int(n) - utf8.RuneCountInString(s)
	if missing <= 0 || pad == "" {
		return fstr(s), nil
	}
	fill := []rune(strings.Repeat(pad, missing/utf8.RuneCountInString(pad)+1))[:missing]
	if name == "padStart" {
		return fstr(string(fill) + s), nil
	}
	return fstr(s + string(fill)), nil
}

// regexFunction evaluates replace, replaceAll, test and match, whose patterns are regular
// expressions.
func regexFunction(name string, args []fvalue) (fvalue, error) {
	want := 2
	if name == "replace" || name == "replaceAll" {
		want = 3
	}
	if len(args) != want {
		return fvalue{}, errorf("%s takes %d arguments", name, want)
	}
	re, err := regexp.Compile(formatValue(args[1]))
	if err != nil {
		return fvalue{}, errorf("bad pattern in %s", name)
	}
	s := formatValue(args[0])
	switch name {
	case "test":
		return fbool(re.MatchString(s)), nil
	case "match":
		out := []fvalue{}
		for _, m := range re.FindAllString(s, -1) {
			out = append(out, fstr(m))
		}
		return flist(out), nil
	case "replaceAll":
		return fstr(re.ReplaceAllString(s, formatValue(args[2]))), nil
	}
	done := false
	return fstr(re.ReplaceAllStringFunc(s, func(m string) string {
		if done {
			return m
		}
		done = true
		return re.ReplaceAllString(m, formatValue(args[2]))
	})), nil
}

// sliceFunction evaluates substring and slice over a text or a list.
func sliceFunction(name string, args []fvalue) (fvalue, error) {
	if len(args) != 2 && len(args) != 3 {
		return fvalue{}, errorf("%s takes 2 or 3 arguments", name)
	}
	var length int
	var runes []rune
	if args[0].kind == fList {
		length = len(args[0].list)
	} else {
		runes = []rune(formatValue(args[0]))
		length = len(runes)
	}
	bound := func(v fvalue) (int, error) {
		f, err := number(v)
		if err != nil {
			return 0, err
		}
		i := int(f)
		if i < 0 {
			i += length
		}
		return min(max(i, 0), length), nil
	}
	start, err := bound(args[1])
	if err != nil {
		return fvalue{}, err
	}
	end := length
	if len(args) == 3 {
		if end, err = bound(args[2]); err != nil {
			return fvalue{}, err
		}
	}
	end = max(end, start)
	if args[0].kind == fList {
		return flist(slices.Clone(args[0].list[start:end])), nil
	}
	return fstr(string(runes[start:end])), nil
}

// listFunction evaluates at, first, last, sort, reverse, unique and flat.
func listFunction(name string, args []fvalue) (fvalue, error) {
	if len(args) == 0 || args[0].kind != fList {
		return fvalue{}, errorf("%s needs a list", name)
	}
	list := args[0].list
	switch name {
	case "at":
		if len(args) != 2 {
			return fvalue{}, errorf("at takes a list and an index")
		}
		f, err := number(args[1])
		if err != nil {
			return fvalue{}, err
		}
		i := int(f)
		if i < 0 {
			i += len(list)
		}
		if i < 0 || i >= len(list) {
			return fnull(fString), nil
		}
		return list[i], nil
	case "first", "last":
		if len(list) == 0 {
			return fnull(fString), nil
		}
		if name == "first" {
			return list[0], nil
		}
		return list[len(list)-1], nil
	case "sort":
		out := slices.Clone(list)
		slices.SortStableFunc(out, func(a, b fvalue) int {
			c, _ := compareValues(a, b)
			return c
		})
		return flist(out), nil
	case "reverse":
		out := slices.Clone(list)
		slices.Reverse(out)
		return flist(out), nil
	case "unique":
		var out []fvalue
		seen := map[string]bool{}
		for _, it := range list {
			if k := identity(it); !seen[k] {
				seen[k] = true
				out = append(out, it)
			}
		}
		return flist(out), nil
	}
	var out []fvalue
	for _, it := range list {
		if it.kind == fList {
			out = append(out, it.list...)
		} else {
			out = append(out, it)
		}
	}
	return flist(out), nil
}

// dateFunction evaluates the date functions.
func dateFunction(name string, args []fvalue) (fvalue, error) {
	dateArg := func(i int) (notionDate, bool, error) {
		if i >= len(args) {
			return notionDate{}, false, errorf("%s needs a date", name)
		}
		v := args[i]
		if v.kind == fDate && v.null {
			return notionDate{}, false, nil
		}
		if v.kind != fDate {
			return notionDate{}, false, errorf("%s needs a date", name)
		}
		return v.date, true, nil
	}
	switch name {
	case "minute", "hour", "day", "date", "week", "month", "year", "timestamp":
		d, ok, err := dateArg(0)
		if err != nil || !ok {
			return fnull(fNumber), err
		}
		return fnum(datePart(name, d.t)), nil
	case "dateStart", "dateEnd":
		if len(args) != 1 || args[0].kind != fDate {
			return fvalue{}, errorf("%s needs a date", name)
		}
		v := args[0]
		if name == "dateEnd" && v.end != nil {
			v.date = *v.end
		}
		v.end = nil
		return v, nil
	case "dateRange":
		start, ok1, err := dateArg(0)
		if err != nil {
			return fvalue{}, err
		}
		end, ok2, err := dateArg(1)
		if err != nil || !ok1 || !ok2 {
			return fnull(fDate), err
		}
		v := fdate(start)
		v.end = &end
		return v, nil
	case "dateAdd", "dateSubtract":
		d, ok, err := dateArg(0)
		if err != nil || !ok || len(args) != 3 {
			return fnull(fDate), err
		}
		n, err := number(args[1])
		if err != nil {
			return fvalue{}, err
		}
		if name == "dateSubtract" {
			n = -n
		}
		r, err := addToDate(d, n, formatValue(args[2]))
		if err != nil {
			return fvalue{}, err
		}
		return fdate(r), nil
	case "dateBetween":
		a, ok1, err := dateArg(0)
		if err != nil {
			return fvalue{}, err
		}
		b, ok2, err := dateArg(1)
		if err != nil || !ok1 || !ok2 || len(args) != 3 {
			return fnull(fNumber), err
		}
		n, err := dateDiff(a.t, b.t, formatValue(args[2]))
		return fnum(n), err
	case "fromTimestamp":
		if len(args) != 1 {
			return fvalue{}, errorf("fromTimestamp takes a number")
		}
		if args[0].kind == fNumber && args[0].null {
			return fnull(fDate), nil
		}
		ms, err := number(args[0])
		if err != nil {
			return fvalue{}, err
		}
		return fdate(notionDate{t: time.UnixMilli(int64(ms)).UTC()}), nil
	case "parseDate":
		if len(args) != 1 {
			return fvalue{}, errorf("parseDate takes a text")
		}
		d, ok := parseDate(formatValue(args[0]), time.UTC)
		if !ok {
			return fnull(fDate), nil
		}
		return fdate(d), nil
	case "formatDate":
		d, ok, err := dateArg(0)
		if err != nil || !ok || len(args) != 2 {
			return fnull(fString), err
		}
		return fstr(formatDateLayout(d.t, formatValue(args[1]))), nil
	}
	return fvalue{}, errorf("unknown function %s", name)
}

// datePart evaluates minute, hour, day (1 Monday … 7 Sunday), date (day of the month), week
// (ISO week), month (1-12), year and timestamp (milliseconds).
func datePart(name string, t time.Time) float64 {
	switch name {
	case "minute":
		return float64(t.Minute())
	case "hour":
		return float64(t.Hour())
	case "day":
		wd := int(t.Weekday())
		if wd == 0 {
			wd = 7
		}
		return float64(wd)
	case "date":
		return float64(t.Day())
	case "week":
		_, w := t.ISOWeek()
		return float64(w)
	case "month":
		return float64(t.Month())
	case "year":
		return float64(t.Year())
	}
	return float64(t.UnixMilli())
}

// dateUnit normalizes a unit name of dateAdd, dateSubtract and dateBetween.
func dateUnit(unit string) string {
	u := strings.ToLower(strings.TrimSpace(unit))
	if u != "s" {
		u = strings.TrimSuffix(u, "s")
	}
	return u
}

// addToDate adds n units to a date; dates stay dates for whole days and longer.
func addToDate(d notionDate, n float64, unit string) (notionDate, error) {
	whole := int(math.Trunc(n))
	t := d.t
	switch dateUnit(unit) {
	case "year":
		return notionDate{t: addMonths(t, 12*whole), dateOnly: d.dateOnly}, nil
	case "quarter":
		return notionDate{t: addMonths(t, 3*whole), dateOnly: d.dateOnly}, nil
	case "month":
		return notionDate{t: addMonths(t, whole), dateOnly: d.dateOnly}, nil
	case "week":
		return notionDate{t: t.AddDate(0, 0, 7*whole), dateOnly: d.dateOnly}, nil
	case "day":
		return notionDate{t: t.AddDate(0, 0, whole), dateOnly: d.dateOnly}, nil
	case "hour":
		return notionDate{t: t.Add(time.Duration(n * float64(time.Hour)))}, nil
	case "minute":
		return notionDate{t: t.Add(time.Duration(n * float64(time.Minute)))}, nil
	case "second":
		return notionDate{t: t.Add(time.Duration(n * float64(time.Second)))}, nil
	case "millisecond":
		return notionDate{t: t.Add(time.Duration(n * float64(time.Millisecond)))}, nil
	}
	return notionDate{}, errorf("unknown date unit %q", unit)
}

// dateDiff is dateBetween(a, b, unit): a - b in whole units, truncated toward zero.
func dateDiff(a, b time.Time, unit string) (float64, error) {
	d := a.Sub(b)
	switch dateUnit(unit) {
	case "year":
		return math.Trunc(float64(wholeMonths(a, b)) / 12), nil
	case "quarter":
		return math.Trunc(float64(wholeMonths(a, b)) / 3), nil
	case "month":
		return float64(wholeMonths(a, b)), nil
	case "week":
		return math.Trunc(d.Hours() / (24 * 7)), nil
	case "day":
		return math.Trunc(d.Hours() / 24), nil
	case "hour":
		return math.Trunc(d.Hours()), nil
	case "minute":
		return math.Trunc(d.Minutes()), nil
	case "second":
		return math.Trunc(d.Seconds()), nil
	case "millisecond":
		return float64(d.Milliseconds()), nil
	}
	return 0, errorf("unknown date unit %q", unit)
}

// wholeMonths is the number of whole calendar months from b to a (negative when a is before b).
func wholeMonths(a, b time.Time) int {
	if a.Before(b) {
		return -wholeMonths(b, a)
	}
	n := (a.Year()-b.Year())*12 + int(a.Month()) - int(b.Month())
	if n > 0 && addMonths(b, n).After(a) {
		n--
	}
	return n
}

// addMonths adds n calendar months to t, keeping the day of the month where the target month
// has it and taking the month's last day where it has not (January 31 + 1 month is
// February 28 or 29).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// dateLayoutTokens are the tokens of formatDate patterns (Moment.js style), longest first.
var dateLayoutTokens = []string{
	"YYYY", "MMMM", "dddd", "YY", "MMM", "ddd", "MM", "Do", "DD", "dd", "WW", "HH", "hh", "mm",
	"ss", "Y", "Q", "M", "D", "d", "W", "H", "h", "m", "s", "A", "a", "X", "x",
}

// formatDateLayout is formatDate(date, pattern) with Moment.js tokens; text in [brackets] and
// characters that are no token are copied.
func formatDateLayout(t time.Time, pattern string) string {
	var b strings.Builder
	for i := 0; i < len(pattern); {
		if pattern[i] == '[' {
			if end := strings.IndexByte(pattern[i:], ']'); end > 0 {
				b.WriteString(pattern[i+1 : i+end])
				i += end + 1
				continue
			}
		}
		tok := ""
		for _, candidate := range dateLayoutTokens {
			if strings.HasPrefix(pattern[i:], candidate) {
				tok = candidate
				break
			}
		}
		if tok == "" {
			_, size := utf8.DecodeRuneInString(pattern[i:])
			b.WriteString(pattern[i : i+size])
			i += size
			continue
		}
		b.WriteString(dateToken(t, tok))
		i += len(tok)
	}
	return b.String()
}

// dateToken renders one formatDate token.
func dateToken(t time.Time, tok string) string {
	_, week := t.ISOWeek()
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch tok {
	case "YYYY", "Y":
		return strconv.Itoa(t.Year())
	case "YY":
		return fmt.Sprintf("%02d", t.Year()%100)
	case "Q":
		return strconv.Itoa((int(t.Month())-1)/3 + 1)
	case "MMMM":
		return t.Month().String()
	case "MMM":
		return t.Month().String()[:3]
	case "MM":
		return fmt.Sprintf("%02d", int(t.Month()))
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "Do":
		return strconv.Itoa(t.Day()) + ordinalSuffix(t.Day())
	case "DD":
		return fmt.Sprintf("%02d", t.Day())
	case "D":
		return strconv.Itoa(t.Day())
	case "dddd":
		return t.Weekday().String()
	case "ddd":
		return t.Weekday().String()[:3]
	case "dd":
		return t.Weekday().String()[:2]
	case "d":
		return strconv.Itoa(int(t.Weekday()))
	case "WW":
		return fmt.Sprintf("%02d", week)
	case "W":
		return strconv.Itoa(week)
	case "HH":
		return fmt.Sprintf("%02d", t.Hour())
	case "H":
		return strconv.Itoa(t.Hour())
	case "hh":
		return fmt.Sprintf("%02d", hour12)
	case "h":
		return strconv.Itoa(hour12)
	case "mm":
		return fmt.Sprintf("%02d", t.Minute())
	case "m":
		return strconv.Itoa(t.Minute())
	case "ss":
		return fmt.Sprintf("%02d", t.Second())
	case "s":
		return strconv.Itoa(t.Second())
	case "A", "a":
		s := "AM"
		if t.Hour() >= 12 {
			s = "PM"
		}
		if tok == "a" {
			s = strings.ToLower(s)
		}
		return s
	case "X":
		return strconv.FormatInt(t.Unix(), 10)
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// ordinalSuffix is the English suffix of a day of the month (1st, 2nd, 3rd, 4th, ...).
func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}
