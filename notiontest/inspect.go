package notiontest

// Object returns a deep copy of the page, database or block with that id (in any form Notion
// accepts) as the API would answer it now at version 2022-06-28, without request_id; a data
// source's id finds the data source, in the form of 2026-03-11. A page's id finds the page,
// not its child_page block.
func (s *Server) Object(id string) (map[string]any, bool) {
	dashed, ok := normalizeID(id)
	if !ok {
		return nil, false
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if p, ok := s.st.pages[dashed]; ok {
		return s.st.render(v2022, s.st.pageAnswer(p)), true
	}
	if db, ok := s.st.databases[dashed]; ok {
		return s.st.render(v2022, s.st.databaseAnswer(db)), true
	}
	if ds, ok := s.st.dataSources[dashed]; ok {
		return s.st.dataSourceAnswer(ds), true
	}
	if b, ok := s.st.blocks[dashed]; ok {
		return s.st.render(v2022, s.st.blockAnswer(b)), true
	}
	return nil, false
}

// PageCount returns how many pages the workspace holds outside the trash, the root page and
// database pages included.
func (s *Server) PageCount() int {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	n := 0
	for id := range s.st.pages {
		if !s.st.inTrash(id) {
			n++
		}
	}
	return n
}
