package notiontest

// setRowValues applies the property values of a page create or update request to p, a page
// of database db: each value is checked and converted by pageValue, under the property's
// name (a request may name a property by name or id). computeValues then fills in the rest.
func (st *store) setRowValues(db, p jsonObject, props jsonObject) *apiError {
	schema := mustObject(db, "properties")
	type change struct {
		name   string
		schema jsonObject
		value  jsonObject
	}
	// Every value is checked before any is applied: a request with one bad value changes nothing.
	changes := make([]change, 0, len(props))
	index := newPropIndex(schema)
	for key, input := range props {
		name, sp, ok := index.find(key)
		if !ok {
			return validationError("%s is not a property that exists.", key)
		}
		v, err := pageValue(sp, input, st)
		if err != nil {
			return err
		}
		changes = append(changes, change{name, sp, v})
	}
	values := ensureObject(p, "properties")
	schemaChanged := false
	for _, c := range changes {
		values[c.name] = c.value
		// Naming a select option the database lacks creates it, as Notion does.
		if mergeSelectOptions(c.schema, c.value) {
			schemaChanged = true
		}
	}
	if schemaChanged {
		st.touch(str(db, "id"))
	}
	computeValues(db, p, st)
	return nil
}

// syncRelated mirrors the two-way relation edits of page p (its properties were before, nil
// for a new page) on the related pages, and records their edit.
func (st *store) syncRelated(p, before jsonObject) {
	db, ok := st.dataSources[rowSourceID(mustObject(p, "parent"))]
	if !ok {
		return
	}
	for _, id := range syncBackRelations(db, p, before, st) {
		st.touch(id)
	}
}
