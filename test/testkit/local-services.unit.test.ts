import { describe, expect, it } from 'vitest';
import { databaseUri } from '../../testkit/local-services.js';
import { loadConfig } from '../../src/config.js';

describe('databaseUri', () => {
  it("puts the database name in the path, before FerretDB's pool limit in the query", () => {
    const uri = databaseUri('mongodb://127.0.0.1:27018/?maxPoolSize=4', 'arcadia');
    expect(uri).toBe('mongodb://127.0.0.1:27018/arcadia?maxPoolSize=4');
    // What `npm run standin` prints is what Arcadia then connects to: the database and the pool limit both kept.
    expect(loadConfig({ MONGODB_URI: uri }).MONGODB_URI).toBe(uri);
  });

  it("names the database of a mongod's URI, which carries no query", () => {
    expect(databaseUri('mongodb://127.0.0.1:27018/', 'arcadia_demo_1')).toBe(
      'mongodb://127.0.0.1:27018/arcadia_demo_1',
    );
  });

  it('replaces a database the URI already names', () => {
    expect(databaseUri('mongodb://127.0.0.1:27018/other?maxPoolSize=4', 'arcadia')).toBe(
      'mongodb://127.0.0.1:27018/arcadia?maxPoolSize=4',
    );
  });
});
