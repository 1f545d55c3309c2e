package notiontest

import "net/http"

// The step between 2026-03-11 and 2025-09-03. At 2025-09-03 pages, blocks, databases, data
// sources and file uploads carry "archived" beside "in_trash" (2026-03-11 dropped it), the
// block type meeting_notes is called transcription, and block appends place new blocks with
// "after" instead of "position".

// render2025 rewrites an answer of 2026-03-11 into the form of 2025-09-03, in place.
func render2025(v any) {
	switch x := v.(type) {
	case map[string]any:
		switch str(x, "object") {
		case "page", "block", "database", "data_source", "file_upload":
			if t, ok := x["in_trash"].(bool); ok {
				x["archived"] = t
			}
		}
		if str(x, "object") == "block" && str(x, "type") == "meeting_notes" {
			x["type"] = "transcription"
			x["transcription"] = x["meeting_notes"]
			delete(x, "meeting_notes")
		}
		for _, e := range x {
			render2025(e)
		}
	case []any:
		for _, e := range x {
			render2025(e)
		}
	}
}

// upgrade2026 brings a request body of 2025-09-03 or older into the form of 2026-03-11: an
// append's "after" becomes "position" {"type":"after_block"}. ("archived" in a body is read
// as the older name of "in_trash" by the handlers.)
func upgrade2026(method, path string, body jsonObject) {
	if method != http.MethodPatch || !isChildrenPath(path) {
		return
	}
	after, ok := body["after"]
	if !ok {
		return
	}
	delete(body, "after")
	if after == nil {
		return
	}
	if _, has := body["position"]; !has {
		body["position"] = jsonObject{"type": "after_block", "after_block": jsonObject{"id": after}}
	}
}

// refuseRemoved2026 refuses what a 2026-03-11 request may no longer say: "archived" (use
// in_trash) and an append's "after" (use position).
func refuseRemoved2026(method string, body jsonObject) *apiError {
	if raw, ok := body["archived"]; ok {
		return bodyValidation("body.archived should be not present, instead was `%s`. Use in_trash: API version 2026-03-11 removed archived.", jsonText(raw))
	}
	if raw, ok := body["after"]; ok && method == http.MethodPatch {
		return bodyValidation("body.after should be not present, instead was `%s`. Use position: API version 2026-03-11 removed after.", jsonText(raw))
	}
	return nil
}

// isChildrenPath reports whether an escaped URL path is /v1/blocks/{id}/children.
func isChildrenPath(path string) bool {
	const prefix, suffix = "/v1/blocks/", "/children"
	return len(path) > len(prefix)+len(suffix) && path[:len(prefix)] == prefix && path[len(path)-len(suffix):] == suffix
}
