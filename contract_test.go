package uno_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jomei/notionapi"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// The names and signatures that programs outside this module compile against. A change that
// breaks one of these lines breaks users.
var (
	_ func(...uno.Option) (*uno.Session, error) = uno.NewSession
	_ func() (*uno.Session, error)              = uno.GetActive
	_ func(...uno.Option) (*uno.Session, error) = uno.GetOrCreate

	_ func(*uno.Session) error                                                                           = (*uno.Session).Close
	_ func(*uno.Session) bool                                                                            = (*uno.Session).IsClosed
	_ func(*uno.Session, context.Context) error                                                          = (*uno.Session).RaiseForStatus
	_ func(*uno.Session) *notionapi.Client                                                               = (*uno.Session).Client
	_ func(*uno.Session) *uno.Cache                                                                      = (*uno.Session).Cache
	_ func(*uno.Session, context.Context) (*uno.User, error)                                             = (*uno.Session).Whoami
	_ func(*uno.Session, context.Context, string, ...uno.GetOption) (*uno.User, error)                   = (*uno.Session).GetUser
	_ func(*uno.Session, context.Context) ([]*uno.User, error)                                           = (*uno.Session).AllUsers
	_ func(*uno.Session, context.Context, string) (uno.SList[*uno.User], error)                          = (*uno.Session).SearchUser
	_ func(*uno.Session, context.Context, string, ...uno.GetOption) (*uno.Page, error)                   = (*uno.Session).GetPage
	_ func(*uno.Session, context.Context, uno.Parent, string, ...uno.PageOption) (*uno.Page, error)      = (*uno.Session).CreatePage
	_ func(*uno.Session, context.Context, string, ...uno.SearchOption) (uno.SList[*uno.Page], error)     = (*uno.Session).SearchPage
	_ func(*uno.Session, context.Context, string, ...uno.GetOption) (*uno.Database, error)               = (*uno.Session).GetDB
	_ func(*uno.Session, context.Context, *uno.Page, *uno.Schema) (*uno.Database, error)                 = (*uno.Session).CreateDB
	_ func(*uno.Session, context.Context, []*uno.Page, []*uno.Schema) ([]*uno.Database, error)           = (*uno.Session).CreateDBs
	_ func(*uno.Session, context.Context, *uno.Page, *uno.Schema) (*uno.Database, error)                 = (*uno.Session).GetOrCreateDB
	_ func(*uno.Session, context.Context, string, ...uno.SearchOption) (uno.SList[*uno.Database], error) = (*uno.Session).SearchDB
	_ func(*uno.Session, context.Context, string, ...uno.GetOption) (*uno.Block, error)                  = (*uno.Session).GetBlock

	_ func(string) uno.Option                       = uno.WithToken
	_ func(*uno.Config) uno.Option                  = uno.WithConfig
	_ func(*notionapi.Client) uno.Option            = uno.WithClient
	_ func(*http.Client) uno.Option                 = uno.WithHTTPClient
	_ func(string) uno.Option                       = uno.WithBaseURL
	_ func(*slog.Logger) uno.Option                 = uno.WithLogger
	_ func(float64, int) uno.Option                 = uno.WithRateLimit
	_ func() uno.GetOption                          = uno.NoCache
	_ func() uno.SearchOption                       = uno.Substring
	_ func() uno.SearchOption                       = uno.Reverse
	_ func() uno.SearchOption                       = uno.IncludeDeleted
	_ func(string) (uuid.UUID, error)               = uno.ParseID
	_ func(uno.SList[*uno.Page]) (*uno.Page, error) = uno.SList[*uno.Page].Item

	_ func(*uno.Page) uuid.UUID           = (*uno.Page).ID
	_ func(*uno.Page) json.RawMessage     = (*uno.Page).Raw
	_ func(*uno.Page) string              = (*uno.Page).Title
	_ func(*uno.Page) string              = (*uno.Page).URL
	_ func(*uno.Page) bool                = (*uno.Page).IsDeleted
	_ func(*uno.Database) uuid.UUID       = (*uno.Database).ID
	_ func(*uno.Database) json.RawMessage = (*uno.Database).Raw
	_ func(*uno.Database) string          = (*uno.Database).Title
	_ func(*uno.Database) string          = (*uno.Database).Description
	_ func(*uno.Database) bool            = (*uno.Database).IsDeleted
	_ func(*uno.User) uuid.UUID           = (*uno.User).ID
	_ func(*uno.User) json.RawMessage     = (*uno.User).Raw
	_ func(*uno.User) string              = (*uno.User).Name
	_ func(*uno.User) bool                = (*uno.User).IsBot
	_ func(*uno.Block) uuid.UUID          = (*uno.Block).ID
	_ func(*uno.Block) json.RawMessage    = (*uno.Block).Raw
	_ func(*uno.Block) string             = (*uno.Block).Type
	_ func(*uno.Block) bool               = (*uno.Block).HasChildren
	_ uno.Parent                          = (*uno.Page)(nil)
	_ uno.Parent                          = (*uno.Database)(nil)

	_ func(*uno.Cache) int                    = (*uno.Cache).Len
	_ func(*uno.Cache, uuid.UUID) (any, bool) = (*uno.Cache).Get
	_ func(*uno.Cache)                        = (*uno.Cache).Clear

	_ = []error{uno.ErrNoActiveSession, uno.ErrSessionActive, uno.ErrSessionClosed, uno.ErrInvalidID,
		uno.ErrNotFound, uno.ErrRateLimited, uno.ErrEmptyList, uno.ErrMultipleItems}
	_ func(*uno.SessionError) error = (*uno.SessionError).Unwrap
	_                               = uno.APIError{Status: 404, Code: "object_not_found", Message: "", RequestID: ""}

	_ func(string, ...uno.Property) *uno.Schema      = uno.NewSchema
	_ func(*uno.Schema, ...uno.Property) *uno.Schema = (*uno.Schema).Add
	_ func(string, uno.PropertyType) uno.Property    = uno.Prop
	_                                                = []func() uno.PropertyType{uno.Title, uno.Text, uno.Number, uno.Checkbox, uno.Date, uno.Email, uno.URL,
		uno.Phone, uno.People, uno.Files, uno.CreatedTime, uno.CreatedBy, uno.LastEditedTime, uno.LastEditedBy, uno.SelfRelation}
	_ func(...string) uno.PropertyType              = uno.Select
	_ func(...string) uno.PropertyType              = uno.MultiSelect
	_ func(string) uno.PropertyType                 = uno.Formula
	_ func(*uno.Schema) uno.PropertyType            = uno.Relation
	_ func(*uno.Schema, string) uno.PropertyType    = uno.TwoWayRelation
	_ func(string, string, string) uno.PropertyType = uno.Rollup

	_ func(...notiontest.Option) *notiontest.Server = notiontest.NewServer
	_ func(*notiontest.Server)                      = (*notiontest.Server).Close
	_ func(*notiontest.Server, string) string       = (*notiontest.Server).AddPage
	_ func(float64, int) notiontest.Option          = notiontest.WithRateLimit
	_ func(time.Duration) notiontest.Option         = notiontest.WithSearchLag
	_                                               = notiontest.Server{URL: "", Token: ""}
)
