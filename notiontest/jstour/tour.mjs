// A scripted tour of the official Notion JavaScript SDK (@notionhq/client, pinned in
// package.json) against cmd/notion-emulator, at the SDK's default API version, then a short
// pass at 2026-03-11. Every step checks the answers, not only that nothing threw.
//
//   npm ci && node tour.mjs
//
// The tour builds and starts the emulator program (or starts $NOTION_EMULATOR, a built
// binary), reads its NOTION_BASE_URL=… NOTION_TOKEN=… ROOT_PAGE_ID=… line, runs, stops the
// program and exits non-zero when a check fails.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import assert from "node:assert/strict";
import {
  Client,
  APIErrorCode,
  APIResponseError,
  collectPaginatedAPI,
  iteratePaginatedAPI,
  isFullPage,
  isFullDataSource,
  isFullBlock,
  LogLevel,
} from "@notionhq/client";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// startEmulator starts the emulator program on a free port and resolves to its settings and
// a stop function.
async function startEmulator() {
  let bin = process.env.NOTION_EMULATOR;
  let dir;
  if (!bin) {
    dir = mkdtempSync(path.join(tmpdir(), "jstour-"));
    bin = path.join(dir, "notion-emulator");
    execFileSync("go", ["build", "-o", bin, "./cmd/notion-emulator"], { cwd: repoRoot, stdio: "inherit" });
  }
  const child = spawn(bin, ["-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`notion-emulator exited with ${code} before printing its settings`)));
  });
  const env = Object.fromEntries(line.trim().split(/\s+/).map((kv) => kv.split("=", 2)));
  for (const k of ["NOTION_BASE_URL", "NOTION_TOKEN", "ROOT_PAGE_ID"]) {
    assert.ok(env[k], `the emulator's line lacks ${k}: ${line}`);
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  return { env, stop };
}

// text is a rich text array of one text item.
const text = (content) => [{ type: "text", text: { content } }];

// plain is the plain text of a rich text array.
const plain = (rt) => rt.map((t) => t.plain_text).join("");

// titleOf is the plain text of a page's title property.
const titleOf = (page) => plain(Object.values(page.properties).find((p) => p.type === "title").title);

// expectError runs fn and checks that it fails with a Notion error of that code.
async function expectError(code, fn) {
  try {
    await fn();
  } catch (err) {
    assert.ok(APIResponseError.isAPIResponseError(err), `not a Notion error: ${err}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a ${code} error`);
}

// The SDK methods the tour calls, counted as they are used.
const covered = new Set();
const use = (name) => covered.add(name);

async function tour(notion, rootPageID) {
  // Users.
  use("users.me");
  const me = await notion.users.me({});
  assert.equal(me.object, "user");
  assert.equal(me.type, "bot");
  use("users.list");
  const users = await collectPaginatedAPI(notion.users.list, { page_size: 1 });
  assert.ok(users.length >= 3, "the bot and the person users, one per page");
  const person = users.find((u) => u.type === "person");
  assert.ok(person, "a person user");
  use("users.retrieve");
  const again = await notion.users.retrieve({ user_id: person.id });
  assert.equal(again.name, person.name);
  assert.equal(again.person.email, person.person.email);

  // Databases: a container with one data source.
  use("databases.create");
  const db = await notion.databases.create({
    parent: { type: "page_id", page_id: rootPageID },
    title: text("Reading list"),
    icon: { type: "emoji", emoji: "📚" },
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Pages: { number: { format: "number" } },
        Status: { select: { options: [{ name: "To read", color: "gray" }, { name: "Done", color: "green" }] } },
        Read: { checkbox: {} },
        Started: { date: {} },
      },
    },
  });
  assert.equal(db.object, "database");
  assert.equal(plain(db.title), "Reading list");
  assert.equal(db.properties, undefined, "a 2025-09-03 database has no properties");
  assert.equal(db.data_sources.length, 1);
  assert.equal(db.data_sources[0].name, "Reading list");
  assert.equal(db.in_trash, false);
  assert.equal(db.archived, false, "2025-09-03 still answers archived");
  const dsID = db.data_sources[0].id;

  use("databases.retrieve");
  const dbAgain = await notion.databases.retrieve({ database_id: db.id });
  assert.deepEqual(dbAgain.data_sources, db.data_sources);
  assert.equal(dbAgain.icon.emoji, "📚");

  use("databases.update");
  const dbUpdated = await notion.databases.update({ database_id: db.id, description: text("Books to read"), is_inline: true });
  assert.equal(plain(dbUpdated.description), "Books to read");
  assert.equal(dbUpdated.is_inline, true);

  // Data sources.
  use("dataSources.retrieve");
  const ds = await notion.dataSources.retrieve({ data_source_id: dsID });
  assert.ok(isFullDataSource(ds));
  assert.deepEqual(Object.keys(ds.properties).sort(), ["Name", "Pages", "Read", "Started", "Status"]);
  assert.deepEqual(ds.parent, { type: "database_id", database_id: db.id });
  assert.deepEqual(ds.database_parent, { type: "page_id", page_id: rootPageID });
  assert.equal(plain(ds.description), "Books to read", "a data source shows its database's description");
  assert.equal(ds.is_inline, true);

  use("dataSources.update");
  const dsUpdated = await notion.dataSources.update({
    data_source_id: dsID,
    properties: { Author: { rich_text: {} }, Pages: { name: "Page count" } },
  });
  assert.ok("Author" in dsUpdated.properties);
  assert.ok("Page count" in dsUpdated.properties && !("Pages" in dsUpdated.properties), "renamed");

  // Pages in the data source.
  use("pages.create");
  const books = [];
  for (const [name, pages, status] of [["Dune", 412, "To read"], ["Emma", 474, "Done"], ["Ulysses", 730, "To read"]]) {
    const page = await notion.pages.create({
      parent: { type: "data_source_id", data_source_id: dsID },
      properties: {
        Name: { title: text(name) },
        "Page count": { number: pages },
        Status: { select: { name: status } },
        Read: { checkbox: status === "Done" },
        Started: { date: { start: "2026-01-15" } },
      },
    });
    assert.ok(isFullPage(page));
    assert.deepEqual(page.parent, { type: "data_source_id", data_source_id: dsID, database_id: db.id });
    assert.equal(page.properties["Page count"].number, pages);
    assert.equal(page.properties.Status.select.name, status);
    books.push(page);
  }

  use("dataSources.query");
  const toRead = await notion.dataSources.query({
    data_source_id: dsID,
    filter: { property: "Status", select: { equals: "To read" } },
    sorts: [{ property: "Page count", direction: "descending" }],
  });
  assert.deepEqual(toRead.results.map(titleOf), ["Ulysses", "Dune"]);
  assert.equal(toRead.type, "page_or_data_source");
  const long = await notion.dataSources.query({
    data_source_id: dsID,
    filter: { and: [{ property: "Page count", number: { greater_than: 450 } }, { property: "Read", checkbox: { equals: false } }] },
  });
  assert.deepEqual(long.results.map(titleOf), ["Ulysses"]);
  const titlesOnly = await notion.dataSources.query({ data_source_id: dsID, filter_properties: ["title"], page_size: 1 });
  assert.deepEqual(Object.keys(titlesOnly.results[0].properties), ["Name"]);
  assert.equal(titlesOnly.has_more, true);
  const walked = [];
  for await (const page of iteratePaginatedAPI(notion.dataSources.query, {
    data_source_id: dsID,
    page_size: 1,
    sorts: [{ property: "Name", direction: "ascending" }],
  })) {
    walked.push(titleOf(page));
  }
  assert.deepEqual(walked, ["Dune", "Emma", "Ulysses"], "cursors walk every page once, in order");

  use("pages.retrieve");
  const dune = await notion.pages.retrieve({ page_id: books[0].id });
  assert.equal(titleOf(dune), "Dune");
  use("pages.update");
  const duneRead = await notion.pages.update({ page_id: dune.id, properties: { Read: { checkbox: true }, Author: { rich_text: text("Frank Herbert") } }, icon: { type: "emoji", emoji: "🏜️" } });
  assert.equal(duneRead.properties.Read.checkbox, true);
  assert.equal(plain(duneRead.properties.Author.rich_text), "Frank Herbert");
  assert.equal(duneRead.icon.emoji, "🏜️");
  use("pages.properties.retrieve");
  const author = await notion.pages.properties.retrieve({ page_id: dune.id, property_id: duneRead.properties.Author.id });
  assert.equal(author.object, "list");
  assert.equal(author.results[0].rich_text.plain_text, "Frank Herbert");

  // A second data source, a relation between the two, templates.
  use("dataSources.create");
  const authors = await notion.dataSources.create({
    parent: { type: "database_id", database_id: db.id },
    title: text("Authors"),
    properties: { Name: { title: {} } },
  });
  assert.deepEqual(authors.parent, { type: "database_id", database_id: db.id });
  const twoSources = await notion.databases.retrieve({ database_id: db.id });
  assert.deepEqual(twoSources.data_sources.map((d) => d.name), ["Reading list", "Authors"]);
  const withRelation = await notion.dataSources.update({
    data_source_id: dsID,
    properties: { Writer: { relation: { data_source_id: authors.id, type: "dual_property", dual_property: {} } } },
  });
  const rel = withRelation.properties.Writer.relation;
  assert.equal(rel.data_source_id, authors.id);
  assert.equal(rel.database_id, db.id);
  const herbert = await notion.pages.create({ parent: { data_source_id: authors.id }, properties: { Name: { title: text("Frank Herbert") } } });
  await notion.pages.update({ page_id: dune.id, properties: { Writer: { relation: [{ id: herbert.id }] } } });
  const herbertAgain = await notion.pages.retrieve({ page_id: herbert.id });
  const back = herbertAgain.properties[rel.dual_property.synced_property_name];
  assert.deepEqual(back.relation.map((r) => r.id), [dune.id], "the two-way relation's back property");
  use("dataSources.listTemplates");
  const templates = await notion.dataSources.listTemplates({ data_source_id: dsID });
  assert.deepEqual(templates.templates, []);
  assert.equal(templates.has_more, false);

  // Blocks.
  const notes = await notion.pages.create({
    parent: { page_id: rootPageID },
    properties: { title: { title: text("Reading notes") } },
    children: [{ paragraph: { rich_text: text("second") } }],
  });
  use("blocks.children.append");
  const appended = await notion.blocks.children.append({
    block_id: notes.id,
    children: [{ heading_2: { rich_text: text("first") } }],
    position: { type: "start" },
  });
  assert.equal(appended.results[0].type, "heading_2");
  const kids0 = await collectPaginatedAPI(notion.blocks.children.list, { block_id: notes.id });
  await notion.blocks.children.append({
    block_id: notes.id,
    children: [{ to_do: { rich_text: text("between"), checked: false } }, { quote: { rich_text: text("third") } }],
    position: { type: "after_block", after_block: { id: kids0[0].id } },
  });
  await notion.blocks.children.append({ block_id: notes.id, children: [{ divider: {} }] });
  use("blocks.children.list");
  const kids = await collectPaginatedAPI(notion.blocks.children.list, { block_id: notes.id, page_size: 2 });
  assert.deepEqual(kids.map((b) => b.type), ["heading_2", "to_do", "quote", "paragraph", "divider"]);
  assert.ok(kids.every(isFullBlock));
  use("blocks.retrieve");
  const todo = await notion.blocks.retrieve({ block_id: kids[1].id });
  assert.equal(plain(todo.to_do.rich_text), "between");
  assert.deepEqual(todo.parent, { type: "page_id", page_id: notes.id });
  use("blocks.update");
  const done = await notion.blocks.update({ block_id: todo.id, to_do: { checked: true } });
  assert.equal(done.to_do.checked, true);
  assert.equal(plain(done.to_do.rich_text), "between", "an update keeps what it does not name");
  use("blocks.delete");
  const deleted = await notion.blocks.delete({ block_id: kids[4].id });
  assert.equal(deleted.in_trash, true);
  const left = await collectPaginatedAPI(notion.blocks.children.list, { block_id: notes.id });
  assert.equal(left.length, 4);

  // Search: pages and data sources, one result per data source.
  use("search");
  const found = await notion.search({ query: "reading", filter: { property: "object", value: "data_source" } });
  assert.deepEqual(found.results.map((r) => r.object), ["data_source"]);
  assert.equal(found.results[0].id, dsID);
  const sources = await collectPaginatedAPI(notion.search, { filter: { property: "object", value: "data_source" }, page_size: 1 });
  assert.deepEqual(sources.map((r) => r.id).sort(), [dsID, authors.id].sort());
  const pages = await notion.search({ query: "Reading notes", filter: { property: "object", value: "page" } });
  assert.deepEqual(pages.results.map((p) => p.id), [notes.id]);
  await expectError(APIErrorCode.ValidationError, () => notion.search({ filter: { property: "object", value: "database" } }));

  // Comments.
  use("comments.create");
  const comment = await notion.comments.create({ parent: { page_id: notes.id }, rich_text: text("Start with Dune") });
  assert.equal(comment.object, "comment");
  assert.equal(plain(comment.rich_text), "Start with Dune");
  const reply = await notion.comments.create({ discussion_id: comment.discussion_id, rich_text: text("Agreed") });
  assert.equal(reply.discussion_id, comment.discussion_id);
  use("comments.list");
  const thread = await collectPaginatedAPI(notion.comments.list, { block_id: notes.id });
  assert.deepEqual(thread.map((c) => plain(c.rich_text)), ["Start with Dune", "Agreed"]);

  // File uploads: a single-part one used in a block and as an icon, a multi-part one as a
  // cover, the listing by status; the files are served back.
  use("fileUploads.create");
  const single = await notion.fileUploads.create({ mode: "single_part", filename: "notes.txt", content_type: "text/plain" });
  assert.equal(single.object, "file_upload");
  assert.equal(single.status, "pending");
  use("fileUploads.send");
  const sent = await notion.fileUploads.send({ file_upload_id: single.id, file: { filename: "notes.txt", data: new Blob(["read Dune first"], { type: "text/plain" }) } });
  assert.equal(sent.status, "uploaded");
  assert.equal(sent.content_length, 15);
  use("fileUploads.retrieve");
  assert.equal((await notion.fileUploads.retrieve({ file_upload_id: single.id })).filename, "notes.txt");
  const withFile = await notion.blocks.children.append({ block_id: notes.id, children: [{ file: { type: "file_upload", file_upload: { id: single.id } } }] });
  const fileBlock = withFile.results.find((b) => b.type === "file");
  assert.equal(fileBlock.file.type, "file");
  const served = await fetch(fileBlock.file.file.url);
  assert.equal(await served.text(), "read Dune first");
  const part1 = new Uint8Array(5 << 20).fill(65);
  const multi = await notion.fileUploads.create({ mode: "multi_part", number_of_parts: 2, filename: "cover.bin", content_type: "application/octet-stream" });
  await notion.fileUploads.send({ file_upload_id: multi.id, part_number: "1", file: { filename: "cover.bin", data: new Blob([part1]) } });
  await notion.fileUploads.send({ file_upload_id: multi.id, part_number: "2", file: { filename: "cover.bin", data: new Blob(["tail"]) } });
  use("fileUploads.complete");
  const completed = await notion.fileUploads.complete({ file_upload_id: multi.id });
  assert.equal(completed.status, "uploaded");
  assert.equal(completed.content_length, (5 << 20) + 4);
  const withCover = await notion.pages.update({ page_id: notes.id, cover: { type: "file_upload", file_upload: { id: multi.id } } });
  assert.equal(withCover.cover.type, "file");
  use("fileUploads.list");
  const uploaded = await collectPaginatedAPI(notion.fileUploads.list, { status: "uploaded" });
  assert.deepEqual(uploaded.map((u) => u.id).sort(), [single.id, multi.id].sort());

  // Pages as Markdown, and moved.
  const draft = await notion.pages.create({ parent: { page_id: rootPageID }, markdown: "# Review\nDune is **long**.\n- worth it" });
  assert.equal(titleOf(draft), "Review", "a leading heading becomes the title");
  use("pages.retrieveMarkdown");
  const md = await notion.pages.retrieveMarkdown({ page_id: draft.id });
  assert.equal(md.object, "page_markdown");
  assert.equal(md.markdown, "Dune is **long**.\n- worth it");
  use("pages.updateMarkdown");
  const edited = await notion.pages.updateMarkdown({
    page_id: draft.id,
    type: "update_content",
    update_content: { content_updates: [{ old_str: "long", new_str: "very long" }] },
  });
  assert.equal(edited.markdown, "Dune is **very long**.\n- worth it");
  const draftBlocks = await collectPaginatedAPI(notion.blocks.children.list, { block_id: draft.id });
  assert.deepEqual(draftBlocks.map((b) => b.type), ["paragraph", "bulleted_list_item"]);
  use("pages.move");
  const moved = await notion.pages.move({ page_id: draft.id, parent: { type: "page_id", page_id: notes.id } });
  assert.deepEqual(moved.parent, { type: "page_id", page_id: notes.id });
  const underNotes = await collectPaginatedAPI(notion.blocks.children.list, { block_id: notes.id });
  assert.equal(underNotes.at(-1).id, draft.id, "a moved page is its new parent's last child");
  const intoSource = await notion.pages.move({ page_id: draft.id, parent: { type: "data_source_id", data_source_id: dsID } });
  assert.deepEqual(intoSource.parent, { type: "data_source_id", data_source_id: dsID, database_id: db.id });
  const titles = (await collectPaginatedAPI(notion.dataSources.query, { data_source_id: dsID })).map(titleOf).sort();
  assert.deepEqual(titles, ["Dune", "Emma", "Review", "Ulysses"], "a page moved into a data source is one of its rows");
  const onlyTitle = await notion.pages.retrieve({ page_id: dune.id, filter_properties: ["title"] });
  assert.deepEqual(Object.keys(onlyTitle.properties), ["Name"]);

  // Comments by id, custom emojis.
  use("comments.retrieve");
  assert.equal(plain((await notion.comments.retrieve({ comment_id: reply.id })).rich_text), "Agreed");
  use("comments.update");
  const changed = await notion.comments.update({ comment_id: reply.id, rich_text: text("Agreed, Dune first") });
  assert.equal(plain(changed.rich_text), "Agreed, Dune first");
  use("comments.delete");
  await notion.comments.delete({ comment_id: reply.id });
  const afterDelete = await collectPaginatedAPI(notion.comments.list, { block_id: notes.id });
  assert.deepEqual(afterDelete.map((c) => c.id), [comment.id]);
  use("customEmojis.list");
  const emojis = await notion.customEmojis.list();
  assert.equal(emojis.object, "list");
  assert.ok(Array.isArray(emojis.results));

  // Trash and errors.
  const trashed = await notion.pages.update({ page_id: notes.id, in_trash: true });
  assert.equal(trashed.in_trash, true);
  await expectError(APIErrorCode.ValidationError, () => notion.blocks.children.append({ block_id: notes.id, children: [{ divider: {} }] }));
  const restored = await notion.pages.update({ page_id: notes.id, in_trash: false });
  assert.equal(restored.in_trash, false);
  const trashedDB = await notion.databases.update({ database_id: db.id, in_trash: true });
  assert.equal(trashedDB.in_trash, true);
  const err = await expectError(APIErrorCode.ObjectNotFound, () => notion.pages.retrieve({ page_id: "e9f53dc3-80ce-4a97-9424-659ef13a0d2e" }));
  assert.equal(err.status, 404);
  await expectError(APIErrorCode.ValidationError, () => notion.dataSources.retrieve({ data_source_id: "not-an-id" }));
}

// tour2026 checks what 2026-03-11 changes, with the same SDK told to send that version: no
// "archived" in answers, "archived" refused in requests, appends placed by position.
async function tour2026(notion, rootPageID) {
  const page = await notion.pages.create({ parent: { page_id: rootPageID }, properties: { title: { title: text("At 2026-03-11") } } });
  assert.equal(page.archived, undefined, "2026-03-11 answers carry no archived");
  assert.equal(page.in_trash, false);
  await expectError(APIErrorCode.ValidationError, () => notion.pages.update({ page_id: page.id, archived: true }));
  const first = await notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text("b") } }] });
  await notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text("a") } }], position: { type: "start" } });
  await notion.blocks.children.append({
    block_id: page.id,
    children: [{ paragraph: { rich_text: text("c") } }],
    position: { type: "after_block", after_block: { id: first.results[0].id } },
  });
  const blocks = await collectPaginatedAPI(notion.blocks.children.list, { block_id: page.id });
  assert.deepEqual(blocks.map((b) => plain(b.paragraph.rich_text)), ["a", "b", "c"]);
  assert.ok(blocks.every((b) => !("archived" in b)));
  await expectError(APIErrorCode.ValidationError, () => notion.blocks.children.append({ block_id: page.id, children: [{ divider: {} }], after: first.results[0].id }));
  const trashed = await notion.pages.update({ page_id: page.id, in_trash: true });
  assert.equal(trashed.in_trash, true);
}

async function main() {
  const { env, stop } = await startEmulator();
  let failed = false;
  try {
    const notion = new Client({ auth: env.NOTION_TOKEN, baseUrl: env.NOTION_BASE_URL, logLevel: LogLevel.ERROR });
    await tour(notion, env.ROOT_PAGE_ID);
    const notion2026 = new Client({ auth: env.NOTION_TOKEN, baseUrl: env.NOTION_BASE_URL, logLevel: LogLevel.ERROR, notionVersion: "2026-03-11" });
    await tour2026(notion2026, env.ROOT_PAGE_ID);
    console.log(`jstour: ok at Notion-Version ${Client.defaultNotionVersion} (and 2026-03-11); SDK methods covered (${covered.size}): ${[...covered].sort().join(", ")}`);
  } catch (err) {
    failed = true;
    console.error("jstour: FAILED:", err);
  } finally {
    await stop();
  }
  process.exit(failed ? 1 : 0);
}

await main();
