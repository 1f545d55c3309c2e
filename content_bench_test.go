package uno

import (
	"fmt"
	"testing"
)

// thousandBlocks is a page of 1,000 blocks: 100 sections of a heading, a paragraph with
// styles and a link, a list nested two deep and a to-do with notes; 400 blocks at the top.
func thousandBlocks() []*Block {
	var out []*Block
	for i := range 100 {
		out = append(out,
			Heading3(Plain(fmt.Sprintf("Section %d", i))),
			Paragraph(Plain("Some "), Bold("bold"), Plain(" text with a "), Link("link", "https://example.com/"), Plain(".")),
			BulletedItem(Plain("point")).WithChildren(
				BulletedItem(Plain("sub a")).WithChildren(BulletedItem(Plain("sub a.1"))),
				BulletedItem(Plain("sub b")).WithChildren(BulletedItem(Plain("sub b.1")))),
			ToDo(i%2 == 0, Plain("task")).WithChildren(Paragraph(Plain("note 1")), Paragraph(Plain("note 2"))),
		)
	}
	return out
}

// BenchmarkMarkdown1000Blocks renders a page of 1,000 blocks: as Notion sent them (read
// back from the emulator) and as built in code.
func BenchmarkMarkdown1000Blocks(b *testing.B) {
	env := newTestEnv(b)
	doc := thousandBlocks()
	if n := countTree(doc); n != 1000 {
		b.Fatalf("%d blocks", n)
	}
	page, err := env.s.CreatePage(b.Context(), env.root, "Bench", WithContent(doc...))
	if err != nil {
		b.Fatal(err)
	}
	read, err := page.Content(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for name, blocks := range map[string][]*Block{"read": read, "built": doc} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if Markdown(blocks) == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}

// BenchmarkWrite1000Blocks writes a page of 1,000 blocks (400 at the top level, nested two
// deep) and reports the requests it took: appends (or the page create) and the reads of the
// nested blocks' ids. The appends are checked against the fewest Notion's limits allow:
// 100 blocks per array, two levels of nesting and 1,000 blocks per request.
func BenchmarkWrite1000Blocks(b *testing.B) {
	env := newTestEnv(b)
	doc := thousandBlocks()
	least := max(minWrites(doc), (countTree(doc)+maxBlocksPerRequest-1)/maxBlocksPerRequest)
	b.Run("Append", func(b *testing.B) {
		var writes, reads int
		for b.Loop() {
			page, err := env.s.CreatePage(b.Context(), env.root, "Bench")
			if err != nil {
				b.Fatal(err)
			}
			env.reset()
			if _, err := page.Append(b.Context(), doc...); err != nil {
				b.Fatal(err)
			}
			writes, reads = blockWrites(env), blockReads(env)
			if writes != least {
				b.Fatalf("%d appends, the least is %d", writes, least)
			}
		}
		b.ReportMetric(float64(writes), "appends/op")
		b.ReportMetric(float64(reads), "id-reads/op")
	})
	b.Run("CreatePage", func(b *testing.B) {
		var writes, reads int
		for b.Loop() {
			env.reset()
			if _, err := env.s.CreatePage(b.Context(), env.root, "Bench", WithContent(doc...)); err != nil {
				b.Fatal(err)
			}
			writes, reads = blockWrites(env)+env.count("POST /v1/pages"), blockReads(env)
			if writes != least {
				b.Fatalf("%d writes, the least is %d", writes, least)
			}
		}
		b.ReportMetric(float64(writes), "writes/op")
		b.ReportMetric(float64(reads), "id-reads/op")
	})
}
