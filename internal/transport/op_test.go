package transport

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

const testID = "0f8fad5b-d9cb-469f-a165-70867728950e"

func TestClassify(t *testing.T) {
	tests := []struct {
		method, path string
		want         Op
	}{
		{"GET", "/v1/pages/" + testID, OpRead},
		{"GET", "/v1/blocks/" + testID + "/children", OpRead},
		{"GET", "/v1/users/me", OpRead},
		{"HEAD", "/v1/users", OpRead},
		{"", "/v1/users", OpRead},
		{"POST", "/v1/search", OpRead},
		{"POST", "/v1/search/", OpRead},
		{"post", "/v1/search", OpRead},
		{"POST", "/v1/databases/" + testID + "/query", OpRead},
		{"POST", "/v1/databases/" + testID + "/query/", OpRead},
		{"POST", "/v1/databases/" + testID + "/query?filter_properties=a", OpRead},
		{"POST", "/proxy/v1/databases/" + testID + "/query", OpRead},
		{"POST", "/a/v1/b/v1/search", OpRead},
		{"POST", "/v1/data_sources/" + testID + "/query", OpRead},
		{"POST", "/v1/pages", OpCreate},
		{"POST", "/v1/pages/", OpCreate},
		{"POST", "/v1/databases", OpCreate},
		{"POST", "/v1/comments", OpCreate},
		{"POST", "/proxy/v1/pages", OpCreate},
		{"POST", "/v1/unknown/thing", OpCreate},
		{"POST", "", OpCreate},
		{"PATCH", "/v1/pages/" + testID, OpUpdate},
		{"PATCH", "/v1/pages/" + testID + "/", OpUpdate},
		{"PATCH", "/v1/databases/" + testID, OpUpdate},
		{"PATCH", "/v1/blocks/" + testID, OpUpdate},
		{"PATCH", "/base/v1/blocks/" + testID, OpUpdate},
		{"PATCH", "/v1/blocks/" + testID + "/children", OpCreate},
		{"PATCH", "/v1/blocks/" + testID + "/children/", OpCreate},
		{"PATCH", "/proxy/v1/blocks/" + testID + "/children", OpCreate},
		{"PATCH", "/v1/blocks", OpCreate},
		{"DELETE", "/v1/blocks/" + testID, OpUpdate},
		{"PUT", "/v1/whatever", OpUpdate},
		{"CONNECT", "/v1/pages", OpCreate},
		{"BREW", "/", OpCreate},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			assert.Equal(t, tt.want, Classify(tt.method, tt.path))
		})
	}
}

func TestOpString(t *testing.T) {
	assert.Equal(t, "read", OpRead.String())
	assert.Equal(t, "update", OpUpdate.String())
	assert.Equal(t, "create", OpCreate.String())
	assert.Equal(t, "Op(7)", Op(7).String())
}

func TestWithOp(t *testing.T) {
	_, ok := OpFromContext(context.Background())
	assert.False(t, ok)

	ctx := WithOp(context.Background(), OpCreate)
	op, ok := OpFromContext(ctx)
	assert.True(t, ok)
	assert.Equal(t, OpCreate, op)

	op, ok = OpFromContext(WithOp(ctx, OpRead))
	assert.True(t, ok)
	assert.Equal(t, OpRead, op, "the innermost WithOp wins")

	//lint:ignore SA1012 a nil context must not panic
	op, ok = OpFromContext(WithOp(nil, OpUpdate))
	assert.True(t, ok)
	assert.Equal(t, OpUpdate, op)
}

func FuzzClassify(f *testing.F) {
	f.Add("POST", "/v1/databases/"+testID+"/query")
	f.Add("PATCH", "/v1/blocks/"+testID+"/children/")
	f.Add("get", "?/v1/")
	f.Fuzz(func(t *testing.T, method, path string) {
		op := Classify(method, path)
		assert.Contains(t, []Op{OpRead, OpUpdate, OpCreate}, op)
	})
}
