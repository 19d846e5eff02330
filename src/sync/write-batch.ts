/**
 * Writes per command outside a page's own (stale marking, project moves, waste findings): the size
 * of a page. FerretDB (1.24) keeps the query of each update statement that matched a document open,
 * on its own pooled PostgreSQL connection, until the whole command ends, and its pool is sized for
 * page-sized commands; MongoDB splits a larger command itself anyway.
 */
export const WRITE_BATCH = 200;
