package transport

import (
	"context"
	"log/slog"
	"time"
)

// logAttempt records the result of one attempt at Debug level.
func (t *Transport) logAttempt(ctx context.Context, op Op, method, path string, attempt, status int, err error) {
	if !t.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", op.String()),
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("attempt", attempt),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", status))
	}
	t.log.LogAttrs(ctx, slog.LevelDebug, "notion request", attrs...)
}

// logRetry records at Debug level that a request will be sent again after wait.
func (t *Transport) logRetry(ctx context.Context, op Op, method, path string, attempt int, wait time.Duration) {
	if !t.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	t.log.LogAttrs(ctx, slog.LevelDebug, "notion retry",
		slog.String("op", op.String()),
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("attempt", attempt),
		slog.Duration("wait", wait))
}
