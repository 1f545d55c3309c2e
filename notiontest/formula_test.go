package notiontest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formulaFixture is a database and a page to evaluate formulas on.
func formulaFixture(t testing.TB) (jsonObject, jsonObject, *fakeEnv) {
	env := withUsers(newFakeEnv())
	rel := mustSchema(t, env, dbA, "Targets", jsonObject{"Name": jsonObject{"title": jsonObject{}}})
	target := testPage(pA1, dbA, jsonObject{"Name": mustValue(t, env, rel, "Name", []any{jsonObject{"text": jsonObject{"content": "Target"}}})})
	computeValues(rel, target, env)
	env.pages[pA1] = target
	db := mustSchema(t, env, dbB, "Formulas", jsonObject{
		"Name":     jsonObject{"title": jsonObject{}},
		"Number":   jsonObject{"number": jsonObject{}},
		"Nothing":  jsonObject{"number": jsonObject{}},
		"Date":     jsonObject{"date": jsonObject{}},
		"Day":      jsonObject{"date": jsonObject{}},
		"Tags":     jsonObject{"multi_select": jsonObject{}},
		"Check":    jsonObject{"checkbox": jsonObject{}},
		"Select":   jsonObject{"select": jsonObject{}},
		"Status":   jsonObject{"status": jsonObject{}},
		"People":   jsonObject{"people": jsonObject{}},
		"Relation": jsonObject{"relation": jsonObject{"database_id": dbA, "single_property": jsonObject{}}},
		"ID":       jsonObject{"unique_id": jsonObject{"prefix": "T"}},
		"Double":   jsonObject{"formula": jsonObject{"expression": `prop("Number") * 2`}},
		"Loop1":    jsonObject{"formula": jsonObject{"expression": `prop("Loop2")`}},
		"Loop2":    jsonObject{"formula": jsonObject{"expression": `prop("Loop1")`}},
		"Count":    jsonObject{"rollup": jsonObject{"function": "count", "relation_property_name": "Relation", "rollup_property_name": "Name"}},
	})
	page := testPage(pB1, dbB, jsonObject{
		"Name":     mustValue(t, env, db, "Name", []any{jsonObject{"text": jsonObject{"content": "John Doe"}}}),
		"Number":   mustValue(t, env, db, "Number", jsonObject{"number": 42}),
		"Date":     mustValue(t, env, db, "Date", jsonObject{"date": jsonObject{"start": "2024-11-25T14:08:00Z"}}),
		"Day":      mustValue(t, env, db, "Day", jsonObject{"date": jsonObject{"start": "2024-01-31"}}),
		"Tags":     mustValue(t, env, db, "Tags", jsonObject{"multi_select": []any{jsonObject{"name": "a"}, jsonObject{"name": "b"}}}),
		"Check":    mustValue(t, env, db, "Check", jsonObject{"checkbox": true}),
		"Status":   mustValue(t, env, db, "Status", jsonObject{"status": jsonObject{"name": "Done"}}),
		"People":   mustValue(t, env, db, "People", jsonObject{"people": []any{jsonObject{"id": personID}}}),
		"Relation": mustValue(t, env, db, "Relation", jsonObject{"relation": []any{jsonObject{"id": pA1}}}),
	})
	computeValues(db, page, env)
	return db, page, env
}

// evalExpr evaluates an expression as a formula property of the fixture's database.
func evalExpr(db, page jsonObject, env *fakeEnv, expr string) jsonObject {
	props := db["properties"].(jsonObject)
	sp := jsonObject{"id": "expr", "name": "Expr", "type": "formula",
		"formula": jsonObject{"expression": rewriteFormula(expr, props, testWorkspace)}}
	return newFormulaEval(db, page, env).property(sp)
}

func TestFormulaEvaluation(t *testing.T) {
	db, page, env := formulaFixture(t)
	num := func(n float64) jsonObject { return jsonObject{"type": "number", "number": n} }
	text := func(s string) jsonObject { return jsonObject{"type": "string", "string": s} }
	boolean := func(b bool) jsonObject { return jsonObject{"type": "boolean", "boolean": b} }
	date := func(s string) jsonObject {
		return jsonObject{"type": "date", "date": jsonObject{"start": s, "end": nil, "time_zone": nil}}
	}
	failed := jsonObject{"type": "string", "string": nil}
	tests := []struct {
		expr string
		want jsonObject
	}{
		{`1 + 2 * 3`, num(7)},
		{`(1 + 2) * 3`, num(9)},
		{`2 ^ 3 ^ 2`, num(512)},
		{`-2 ^ 2`, num(-4)},
		{`10 % 3`, num(1)},
		{`7 / 2`, num(3.5)},
		{`1 / 0`, jsonObject{"type": "number", "number": nil}},
		{`1e3 + .5`, num(1000.5)},
		{`"a" + 1`, text("a1")},
		{`prop("Name") + "!"`, text("John Doe!")},
		{`prop("Number") * 2`, num(84)},
		{`prop("Nothing") * 2`, num(0)},
		{`prop("Nothing")`, jsonObject{"type": "number", "number": nil}},
		{`prop("Double") + 1`, num(85)},
		{`prop("Loop1")`, failed},
		{`prop("Missing")`, failed},
		{`prop("Count")`, num(1)},
		{`prop("Status")`, text("Done")},
		{`prop("Select") == ""`, boolean(true)},
		{`prop("ID")`, text("T-1")},
		{`if(prop("Check"), "yes", "no")`, text("yes")},
		{`prop("Check") ? 1 : 2`, num(1)},
		{`ifs(false, 1, prop("Number") > 40, 2, 3)`, num(2)},
		{`empty(prop("Nothing"))`, boolean(true)},
		{`empty(0) and empty("") and empty([])`, boolean(true)},
		{`not empty("x")`, boolean(true)},
		{`!true || false`, boolean(false)},
		{`true and false or true`, boolean(true)},
		{`and(true, 1 == 1, "a" != "b")`, boolean(true)},
		{`or(false, 2 < 1)`, boolean(false)},
		{`equal(1, 1) and unequal(1, 2) and larger(2, 1) and smallerEq(1, 1)`, boolean(true)},
		{`length("héllo")`, num(5)},
		{`"abc".length()`, num(3)},
		{`prop("Tags").length()`, num(2)},
		{`concat("a", "b", 1)`, text("ab1")},
		{`concat([1], [2, 3])`, text("1, 2, 3")},
		{`join(prop("Tags"), "-")`, text("a-b")},
		{`contains("Hello", "ell")`, boolean(true)},
		{`prop("Tags").includes("b")`, boolean(true)},
		{`includes("Hello", "z")`, boolean(false)},
		{`format(1.5) + format(true) + format(1e21)`, text("1.5true1e+21")},
		{`toNumber("42") + 1`, num(43)},
		{`toNumber("x")`, jsonObject{"type": "number", "number": nil}},
		{`toNumber(true)`, num(1)},
		{`abs(-3) + round(2.5) + floor(-1.5) + ceil(1.2)`, num(6)},
		{`round(1.2345, 2)`, num(1.23)},
		{`sqrt(16) + sign(-2) + pow(2, 3) + mod(7, 4)`, num(14)},
		{`min(3, 1, 2) + max([1, 5], 3)`, num(6)},
		{`sum(1, 2, 3) + mean(1, 2) + median(3, 1, 2)`, num(9.5)},
		{`max([])`, jsonObject{"type": "number", "number": nil}},
		{`pi > 3 and e < 3 and pi() > 3`, boolean(true)},
		{`upper("a") + lower("B") + trim(" c ")`, text("Abc")},
		{`repeat("ab", 2) + padStart("5", 3, "0") + padEnd("x", 2, "-")`, text("abab005x-")},
		{`slice("hello", 1, 3) + substring("hello", 3) + slice("hello", -2)`, text("ellolo")},
		{`replace("aaa", "a", "b") + replaceAll("aaa", "a", "c")`, text("baaccc")},
		{`test("abc", "b") and not test("abc", "^b")`, boolean(true)},
		{`match("a1b22", "[0-9]+")`, text("1, 22")},
		{`split("a,b", ",")`, text("a, b")},
		{`style("x", "b", "red") + unstyle("y") + link("z", "https://z")`, text("xyz")},
		{`[3, 1, 2].sort()`, text("1, 2, 3")},
		{`[3, 1, 2].reverse().first()`, num(2)},
		{`[3, 1, 2].filter(current > 1)`, text("3, 2")},
		{`[3, 1, 2].map(current * index)`, text("0, 1, 4")},
		{`[3, 1, 2].some(current == 1) and [3, 1, 2].every(current > 0)`, boolean(true)},
		{`[3, 1, 2].find(current < 3) + [3, 1, 2].findIndex(current == 2)`, num(3)},
		{`[1, 2].at(-1) + [1, 1, 2].unique().length() + [[1], [2, 3]].flat().length()`, num(7)},
		{`[1, 2].last() + [].length()`, num(2)},
		{`let(x, 2, x * x)`, num(4)},
		{`lets(a, 1, b, a + 1, a + b)`, num(3)},
		{`prop("Relation").map(current.prop("Name"))`, text("Target")},
		{`prop("Relation").first().prop("Name")`, text("Target")},
		{`name(prop("People").first()) + " " + prop("People").first().email()`, text("Ada ada@example.com")},
		{`id()`, text(strings.ReplaceAll(pB1, "-", ""))},
		{`prop("Relation").first().id()`, text(strings.ReplaceAll(pA1, "-", ""))},
		{`prop("Date")`, date("2024-11-25T14:08:00.000+00:00")},
		{`dateAdd(prop("Date"), 1, "days")`, date("2024-11-26T14:08:00.000+00:00")},
		{`prop("Date").dateSubtract(90, "minutes")`, date("2024-11-25T12:38:00.000+00:00")},
		{`dateAdd(prop("Day"), 1, "months")`, date("2024-02-29")},
		{`dateAdd(prop("Day"), 1, "years")`, date("2025-01-31")},
		{`dateSubtract(prop("Day"), 1, "quarters")`, date("2023-10-31")},
		{`dateAdd(prop("Day"), 2, "weeks")`, date("2024-02-14")},
		{`dateAdd(prop("Day"), 1, "fortnights")`, jsonObject{"type": "date", "date": nil}},
		{`if(prop("Double") > 1, 1 / 0, 2)`, jsonObject{"type": "number", "number": nil}},
		{`lets(a, 1, b, 0, a / b > 1)`, jsonObject{"type": "boolean", "boolean": nil}},
		{`dateBetween(parseDate("2024-03-01"), prop("Day"), "months")`, num(1)},
		{`dateBetween(prop("Day"), parseDate("2024-03-01"), "days")`, num(-30)},
		{`dateBetween(parseDate("2024-01-08"), parseDate("2024-01-01"), "weeks")`, num(1)},
		{`dateBetween(parseDate("2026-01-30"), prop("Day"), "years")`, num(1)},
		{`dateBetween(prop("Date"), parseDate("2024-11-25"), "hours")`, num(14)},
		{`year(prop("Date")) + month(prop("Date")) + date(prop("Date")) + hour(prop("Date")) + minute(prop("Date"))`, num(2024 + 11 + 25 + 14 + 8)},
		{`day(parseDate("2024-01-07")) + day(parseDate("2024-01-08"))`, num(8)},
		{`week(parseDate("2024-01-08"))`, num(2)},
		{`formatDate(prop("Day"), "YYYY-MM-DD dddd Do [of] MMMM, Q")`, text("2024-01-31 Wednesday 31st of January, 1")},
		{`formatDate(prop("Date"), "h:mm A")`, text("2:08 PM")},
		{`formatDate(prop("Date"), "YWD")`, text("20244825")},
		{`format(prop("Date"))`, text("November 25, 2024 2:08 PM")},
		{`format(prop("Day"))`, text("January 31, 2024")},
		{`timestamp(parseDate("1970-01-02"))`, num(86400000)},
		{`fromTimestamp(0)`, date("1970-01-01T00:00:00.000+00:00")},
		{`fromTimestamp(toNumber(""))`, jsonObject{"type": "date", "date": nil}},
		{`dateStart(dateRange(prop("Day"), prop("Date")))`, date("2024-01-31")},
		{`dateRange(prop("Day"), parseDate("2024-02-02"))`,
			jsonObject{"type": "date", "date": jsonObject{"start": "2024-01-31", "end": "2024-02-02", "time_zone": nil}}},
		{`now()`, date("2025-10-30T15:45:00.000+00:00")},
		{`today()`, date("2025-10-30")},
		{`now() > prop("Date")`, boolean(true)},
		{`{{notion:block_property:created_time}}.dateAdd(1, "weeks")`, date("2025-11-06T15:00:00.000+00:00")},
		{`bogus(1)`, failed},
		{`if(true, 1)`, jsonObject{"type": "number", "number": nil}},
		{`1 +`, failed},
		{`"unterminated`, failed},
		{strings.Repeat("(", 1000) + "1" + strings.Repeat(")", 1000), failed},
		{strings.Repeat("-", 1000) + "1", failed},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			assert.Equal(t, tt.want, evalExpr(db, page, env, tt.expr))
		})
	}
}

func TestFormulaType(t *testing.T) {
	db, _, _ := formulaFixture(t)
	props := db["properties"].(jsonObject)
	tests := map[string]string{
		`prop("Double")`: "number", `prop("Count")`: "number", `prop("Date")`: "date", `prop("Check")`: "boolean",
		`prop("Name") + 1`: "string", `1 + 1`: "number", `1 > 2 ? now() : today()`: "date", `prop("Loop1")`: "string",
		`formatDate(now(), "Y")`: "string", `lets(a, 1, a == 1)`: "boolean", `bogus()`: "string", `-prop("Double")`: "number",
		`not true`: "boolean", `1 +`: "string",
	}
	for expr, want := range tests {
		p := jsonObject{"type": "formula", "formula": jsonObject{"expression": rewriteFormula(expr, props, testWorkspace)}}
		assert.Equal(t, want, formulaType(p, props, 0), expr)
	}
}

func TestFormulaWorkIsBounded(t *testing.T) {
	db, page, env := formulaFixture(t)
	expr := "[1,2,3,4,5,6,7,8,9,10]"
	for range 6 {
		expr = "[1,2,3,4,5,6,7,8,9,10].map(" + expr + ")"
	}
	assert.Equal(t, jsonObject{"type": "string", "string": nil}, evalExpr(db, page, env, expr))
}

func TestParseFormula(t *testing.T) {
	for _, expr := range []string{`prop("a") +`, `(1`, `[1, 2`, `1 2`, `f(,)`, `{{other:thing}}`, `1 ? 2`, `#`, `a.`, `{{notion:block_property:x`} {
		_, err := parseFormula(expr)
		assert.Error(t, err, expr)
	}
	n, err := parseFormula(`if(prop("A")>=1,"x",'y')`)
	require.NoError(t, err)
	assert.Equal(t, `if(prop("A") >= 1, "x", "y")`, printFormula(n, nil))
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{0: "0", 42: "42", -1.5: "-1.5", 0.1: "0.1", 1e21: "1e+21", 1.5e-7: "1.5e-7", 123456789012: "123456789012"}
	for f, want := range tests {
		assert.Equal(t, want, formatNumber(f))
	}
}

func FuzzFormula(f *testing.F) {
	for _, seed := range []string{
		`prop("Number") * 2`, `if(prop("Check"), "yes", "no")`, `[3, 1, 2].map(current * index).sort()`,
		`dateBetween(parseDate("2024-03-01"), prop("Day"), "months")`, `formatDate(now(), "YYYY [W]W")`,
		`lets(a, 1, b, a + 1, a + b)`, `prop("Relation").first().prop("Name")`, `repeat("ab", 3).padStart(9, "-")`,
		`{{notion:block_property:created_time}}.dateAdd(1, "weeks")`, `not (1 > 2) ? "a" : "b"`,
	} {
		f.Add(seed)
	}
	db, page, env := formulaFixture(f)
	f.Fuzz(func(t *testing.T, expr string) {
		v := evalExpr(db, page, env, expr)
		if _, ok := v["type"].(string); !ok {
			t.Fatalf("no result type for %q: %v", expr, v)
		}
		if n, err := parseFormula(expr); err == nil {
			printed := printFormula(n, nil)
			if _, err := parseFormula(printed); err != nil {
				t.Fatalf("printed form %q of %q does not parse: %v", printed, expr, err)
			}
		}
	})
}
