package uno_test

import (
	"context"
	"iter"
	"time"

	"github.com/uno-go/uno"
	"github.com/uno-go/uno/notiontest"
)

// The names of the Queries section of the API contract.
var (
	_ func(string) uno.Condition                                                    = uno.Where
	_ func(uno.Condition, any) uno.Filter                                           = uno.Condition.Equals
	_ func(uno.Condition, any) uno.Filter                                           = uno.Condition.DoesNotEqual
	_ func(uno.Condition, any) uno.Filter                                           = uno.Condition.Contains
	_ func(uno.Condition, string) uno.Filter                                        = uno.Condition.StartsWith
	_ func(uno.Condition, any) uno.Filter                                           = uno.Condition.GreaterThan
	_ func(uno.Condition, any) uno.Filter                                           = uno.Condition.LessThan
	_ func(uno.Condition, time.Time) uno.Filter                                     = uno.Condition.Before
	_ func(uno.Condition, time.Time) uno.Filter                                     = uno.Condition.After
	_ func(uno.Condition) uno.Filter                                                = uno.Condition.IsEmpty
	_ func(uno.Condition) uno.Filter                                                = uno.Condition.IsNotEmpty
	_ func(...uno.Filter) uno.Filter                                                = uno.And
	_ func(...uno.Filter) uno.Filter                                                = uno.Or
	_ func(string) uno.Sort                                                         = uno.Ascending
	_ func(string) uno.Sort                                                         = uno.Descending
	_                                                                               = uno.Query{Filter: uno.And(), Sorts: []uno.Sort{}}
	_ func(int) notiontest.Option                                                   = notiontest.WithQueryResultLimit
	_                                                                               = []error{uno.ErrInvalidQuery, uno.ErrValidation, uno.ErrResultLimit}
	_ func(*uno.Database, context.Context, uno.Query) iter.Seq2[*uno.Page, error]   = (*uno.Database).Query
	_ func(*uno.DataSource, context.Context, uno.Query) iter.Seq2[*uno.Page, error] = (*uno.DataSource).Query
)
