package notiontest

import (
	"regexp"
	"strings"
)

// Notion's own icons ("noticons") have the type "icon": {"type":"icon","icon":{"name":...,
// "color":...}}. An external icon URL of one of them (https://www.notion.so/icons/<name>_
// <color>.svg) is stored as that icon, as Notion does; at 2022-06-28 it is answered as the
// external URL again (see render2022).

// noticonURL matches the URL of one of Notion's own icons.
var noticonURL = regexp.MustCompile(`^https://www\.notion\.so/icons/([a-z0-9-]+(?:_[a-z0-9-]+)*?)_([a-z]+)\.svg$`)

// defaultNoticonColor is the color of an icon request that names none.
const defaultNoticonColor = "gray"

// nativeIcon turns an external icon whose URL is one of Notion's own icons into that icon;
// any other icon is returned as it is.
func nativeIcon(icon jsonObject) jsonObject {
	url := str(mustObject(icon, "external"), "url")
	m := noticonURL.FindStringSubmatch(url)
	if m == nil {
		return icon
	}
	return jsonObject{"type": "icon", "icon": jsonObject{"name": m[1], "color": m[2]}}
}

// noticonIcon checks an icon request of type "icon" (under key of body).
func noticonIcon(m jsonObject, key string) (jsonObject, *apiError) {
	ic, ok := object(m, "icon")
	name, _ := ic["name"].(string)
	if !ok || name == "" {
		return nil, bodyValidation("body.%s.icon.name should be a non-empty string, instead was `%s`.", key, jsonText(ic["name"]))
	}
	color := defaultNoticonColor
	if raw, ok := ic["color"]; ok && raw != nil {
		c, ok := raw.(string)
		if !ok || c == "" || strings.ContainsAny(c, "/_") {
			return nil, bodyValidation("body.%s.icon.color should be a color, instead was `%s`.", key, jsonText(raw))
		}
		color = c
	}
	return jsonObject{"type": "icon", "icon": jsonObject{"name": name, "color": color}}, nil
}

// noticonAsExternal is a native icon as the external URL it stands for (2022-06-28).
func noticonAsExternal(icon jsonObject) jsonObject {
	ic := mustObject(icon, "icon")
	return jsonObject{"type": "external", "external": jsonObject{"url": "https://www.notion.so/icons/" + str(ic, "name") + "_" + str(ic, "color") + ".svg"}}
}
