package notiontest

// defaultResultLimit is how many results one query or search returns at most, as on Notion:
// past it the answer ends (has_more false) and says so in request_status.
const defaultResultLimit = 10000

// WithQueryResultLimit sets how many results one database query or search returns in all,
// over all its pages (Notion's limit, the default, is 10,000). The page that reaches the
// limit answers has_more false and "request_status": {"type": "incomplete",
// "incomplete_reason": "query_result_limit_reached"}, as Notion does. n <= 0 keeps the default.
func WithQueryResultLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.resultLimit = n
		}
	}
}

// markIncomplete adds Notion's request_status to a list answer when results were cut and
// the answer is the last page.
func markIncomplete(ans jsonObject, cut bool) jsonObject {
	if cut && ans["has_more"] == false {
		ans["request_status"] = jsonObject{"type": "incomplete", "incomplete_reason": "query_result_limit_reached"}
	}
	return ans
}
