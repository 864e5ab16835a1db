/**
 * The yardsticks of the alert imports, as command lines: the database's own
 * loader of the same CSV into a table with the indexes the store's alert
 * table has. Columns stay text, as the CSV has them, and there is no foreign
 * key to `imports`: the bare cost of loading these rows.
 */

/** `sqlite3 .import` into a table with a unique id and a created_at index, as the store's two. */
export function sqlite3Import(db: string, file: string): [command: string, ...args: string[]] {
  return [
    "sqlite3",
    db,
    "create table alerts(id text, created_at text, severity text, source text, rule text, disposition text, triaged_at text, incident_id text);" +
      " create unique index alerts_id on alerts(id); create index alerts_created on alerts(created_at);",
    ".mode csv",
    `.import --skip 1 ${file} alerts`,
  ];
}

/** psql's `\copy` into a table with the store's alert indexes (serial key, unique id, tally index). */
export function psqlCopy(url: string, file: string): [command: string, ...args: string[]] {
  const columns = "id, created_at, severity, source, rule, disposition, triaged_at, incident_id";
  return [
    "psql",
    "--no-psqlrc",
    "--quiet",
    "--set=ON_ERROR_STOP=1",
    url,
    "-c",
    `create table copied_alerts (pk serial primary key, ${columns.replaceAll(",", " text,")} text);` +
      " create unique index copied_alerts_id on copied_alerts (id);" +
      " create index copied_alerts_tally on copied_alerts (created_at, disposition, incident_id);",
    "-c",
    `\\copy copied_alerts (${columns}) from '${file}' with (format csv, header true)`,
  ];
}
