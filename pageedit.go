package uno

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// SetTitle renames the page and returns the updated page. A page in a data source keeps its
// title in the source's title property, whatever its name.
func (p *Page) SetTitle(ctx context.Context, title string) (*Page, error) {
	name := "title"
	for _, v := range p.properties() {
		if v.Type == "title" {
			name = v.Name
			break
		}
	}
	items, err := limitedRichText(title)
	if err != nil {
		return nil, fmt.Errorf("%w: title: %w", ErrInvalidValue, err)
	}
	return p.patch(ctx, map[string]any{"properties": map[string]any{name: map[string]any{"title": items}}})
}

// SetIcon sets the page's icon to an emoji or the http(s) URL of an image; "" removes it.
func (p *Page) SetIcon(ctx context.Context, emojiOrURL string) (*Page, error) {
	if emojiOrURL == "" {
		return p.patch(ctx, map[string]any{"icon": nil})
	}
	icon, err := iconJSON(emojiOrURL)
	if err != nil {
		return nil, err
	}
	return p.patch(ctx, map[string]any{"icon": icon})
}

// SetCover sets the page's cover to the image at an http(s) URL; "" removes it.
func (p *Page) SetCover(ctx context.Context, imageURL string) (*Page, error) {
	if imageURL == "" {
		return p.patch(ctx, map[string]any{"cover": nil})
	}
	cover, err := externalFileJSON(imageURL)
	if err != nil {
		return nil, err
	}
	return p.patch(ctx, map[string]any{"cover": cover})
}

// SetIconFile sets the page's icon to an uploaded image.
func (p *Page) SetIconFile(ctx context.Context, f *FileUpload) (*Page, error) {
	if f == nil {
		return nil, errors.New("uno: SetIconFile: nil upload")
	}
	return p.patch(ctx, map[string]any{"icon": f.fileJSON()})
}

// SetCoverFile sets the page's cover to an uploaded image.
func (p *Page) SetCoverFile(ctx context.Context, f *FileUpload) (*Page, error) {
	if f == nil {
		return nil, errors.New("uno: SetCoverFile: nil upload")
	}
	return p.patch(ctx, map[string]any{"cover": f.fileJSON()})
}

// patch sends an update of the page and returns the updated page.
func (p *Page) patch(ctx context.Context, body map[string]any) (*Page, error) {
	path := "/v1/pages/" + p.id.String()
	data, err := p.session.do(ctx, http.MethodPatch, path, body)
	if err != nil {
		return nil, err
	}
	return written(http.MethodPatch, path, data, p.session.decodePage)
}

// Move moves the page under parent (a page, a database with one data source, or a data
// source) and returns the moved page.
func (p *Page) Move(ctx context.Context, parent Parent) (*Page, error) {
	if parent == nil {
		return nil, errors.New("uno: Move: nil parent")
	}
	if db, ok := parent.(*Database); ok && db.latest().container {
		ds, err := db.single(ctx)
		if err != nil {
			return nil, err
		}
		parent = ds
	}
	path := "/v1/pages/" + p.id.String() + "/move"
	data, err := p.session.do(ctx, http.MethodPost, path, map[string]any{"parent": parent.parentJSON()})
	if err != nil {
		return nil, err
	}
	return written(http.MethodPost, path, data, p.session.decodePage)
}
