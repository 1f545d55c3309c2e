package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunRejectsBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr", "not an address"}, {"-rate", "fast"}} {
		assert.Error(t, run(args, io.Discard, io.Discard), "%v", args)
	}
}
