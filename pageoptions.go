package uno

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// PageOption adds something to a page that CreatePage creates: an icon, a cover, content.
type PageOption func(*pageSpec) error

// pageSpec collects what the PageOptions of one CreatePage call say.
type pageSpec struct {
	icon    map[string]any // the page's icon object, nil for none
	cover   map[string]any // the page's cover object, nil for none
	content []*Block       // the page's first blocks (see WithContent)
}

// newPageSpec applies opts in order.
func newPageSpec(opts []PageOption) (*pageSpec, error) {
	spec := &pageSpec{}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("uno: nil PageOption")
		}
		if err := opt(spec); err != nil {
			return nil, err
		}
	}
	return spec, nil
}

// addTo writes what the options say into the body of POST /v1/pages.
func (spec *pageSpec) addTo(body map[string]any) {
	if spec.icon != nil {
		body["icon"] = spec.icon
	}
	if spec.cover != nil {
		body["cover"] = spec.cover
	}
}

// WithIcon gives the new page an icon: an emoji such as "🚀", or the http(s) URL of an image.
func WithIcon(emojiOrURL string) PageOption {
	return func(spec *pageSpec) error {
		icon, err := iconJSON(emojiOrURL)
		if err != nil {
			return fmt.Errorf("uno: WithIcon: %w", err)
		}
		spec.icon = icon
		return nil
	}
}

// WithCover gives the new page a cover image, by its http(s) URL.
func WithCover(imageURL string) PageOption {
	return func(spec *pageSpec) error {
		cover, err := externalFileJSON(imageURL)
		if err != nil {
			return fmt.Errorf("uno: WithCover: %w", err)
		}
		spec.cover = cover
		return nil
	}
}

// iconJSON is Notion's icon object for an emoji or an image URL.
func iconJSON(emojiOrURL string) (map[string]any, error) {
	s := strings.TrimSpace(emojiOrURL)
	if s == "" {
		return nil, fmt.Errorf("%w: empty icon", ErrInvalidValue)
	}
	if isHTTPURL(s) {
		return externalFileJSON(s)
	}
	return map[string]any{"type": "emoji", "emoji": s}, nil
}

// externalFileJSON is Notion's file object for an image at an http(s) URL.
func externalFileJSON(rawURL string) (map[string]any, error) {
	if !isHTTPURL(rawURL) {
		return nil, fmt.Errorf("%w: %q is not an http(s) URL", ErrInvalidValue, rawURL)
	}
	return map[string]any{"type": "external", "external": map[string]any{"url": rawURL}}, nil
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// WithIconFile gives the new page an uploaded image as its icon.
func WithIconFile(f *FileUpload) PageOption {
	return func(spec *pageSpec) error {
		if f == nil {
			return errors.New("uno: WithIconFile: nil upload")
		}
		spec.icon = f.fileJSON()
		return nil
	}
}

// WithCoverFile gives the new page an uploaded image as its cover.
func WithCoverFile(f *FileUpload) PageOption {
	return func(spec *pageSpec) error {
		if f == nil {
			return errors.New("uno: WithCoverFile: nil upload")
		}
		spec.cover = f.fileJSON()
		return nil
	}
}
