import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const prismaNamespace = `\nimport { Prisma } from "@prisma/client";`;
const unsafe = (method: string, interpolated: string) => ({ method, safeMethod: method.replace("Unsafe", ""), interpolated });

ruleTester.run("no-unsafe-raw-sql", eslintRule("no-unsafe-raw-sql"), {
  valid: [
    // the tagged template sends each ${} as a parameter
    { filename, code: `export function search(term: string) {\n  return prisma.$queryRaw\`SELECT * FROM "Item" WHERE name = \${term}\`;\n}` + db },
    { filename, code: `export function rename(id: string, name: string) {\n  return prisma.$executeRaw\`UPDATE "Tag" SET name = \${name} WHERE id = \${id}\`;\n}` + db },
    // a constant SQL string with positional parameters
    { filename, code: `const BY_NAME = 'SELECT * FROM "Item" WHERE name = $1';\nexport function search(term: string) {\n  return prisma.$queryRawUnsafe(BY_NAME, term);\n}` + db },
    { filename, code: `prisma.$queryRawUnsafe("SELECT 1");` + db },
    // concatenations and templates of constants are constants
    { filename, code: `const TABLE = '"Tag"';\nconst DELETE_BY_ID = "DELETE FROM " + TABLE + " WHERE id = $1";\nexport function remove(id: string) {\n  return prisma.$executeRawUnsafe(DELETE_BY_ID, id);\n}` + db },
    { filename, code: `const COLUMNS = "id, name";\nexport function search(term: string) {\n  return prisma.$queryRawUnsafe(\`SELECT \${COLUMNS} FROM "Item" WHERE name = $1\`, term);\n}` + db },
    // a helper whose every caller passes a constant
    { filename, code: `function countRows(table: string) {\n  return prisma.$queryRawUnsafe(\`SELECT count(*) FROM \${table}\`);\n}\ncountRows('"Item"');\ncountRows('"Tag"');` + db },
    // the transaction client with a constant
    { filename, code: `export function remove(id: string) {\n  return prisma.$transaction(async (tx) => tx.$executeRawUnsafe('DELETE FROM "Tag" WHERE id = $1', id));\n}` + db },
    // Prisma.sql is the tagged form too
    { filename, code: `export function search(term: string) {\n  return prisma.$queryRaw(Prisma.sql\`SELECT * FROM "Item" WHERE name = \${term}\`);\n}` + db + prismaNamespace },
    // Prisma.raw of a constant, of constants on every path, of an allow-list
    { filename, code: `export function sorted(descending: boolean) {\n  return prisma.$queryRaw\`SELECT * FROM "Tag" ORDER BY name \${Prisma.raw(descending ? "DESC" : "ASC")}\`;\n}` + db + prismaNamespace },
    { filename, code: `const ORDER = { newest: '"createdAt" DESC', name: "name ASC" } as const;\nexport function sorted(sort: "newest" | "name") {\n  return prisma.$queryRaw\`SELECT * FROM "Item" ORDER BY \${Prisma.raw(ORDER[sort])}\`;\n}` + db + prismaNamespace },
    // not a Prisma client, not Prisma's raw
    { filename, code: `declare const legacy: { $queryRawUnsafe(sql: string): unknown };\nexport function search(term: string) {\n  return legacy.$queryRawUnsafe(\`SELECT * FROM item WHERE name = '\${term}'\`);\n}` },
    { filename, code: `declare const markdown: { raw(text: string): string };\nexport function render(text: string) {\n  return markdown.raw(text);\n}` },
    // an identifier escaped the PostgreSQL way (inner double quotes doubled) between double quotes, alone or as a joined path
    { filename, code: `export function quoteIdentifier(identifier: string) {\n  return Prisma.raw(\`"\${identifier.replaceAll('"', '""')}"\`);\n}` + prismaNamespace },
    {
      filename,
      code: `function quoteText(identifier: string) {\n  return \`"\${identifier.replace(/"/g, '""')}"\`;\n}\nexport function quotePath(...parts: string[]) {\n  return Prisma.raw(parts.map(quoteText).join("."));\n}` + prismaNamespace,
    },
    // the deployment's configuration, not a request: the schema of DATABASE_URL
    {
      filename,
      code: `function getSchema() {\n  const url = new URL(process.env.DATABASE_URL ?? "");\n  return url.searchParams.get("schema");\n}\nexport async function useSchema() {\n  const schema = getSchema();\n  await prisma.$executeRawUnsafe(\`SET search_path TO "\${schema}"\`);\n}` + db,
    },
    // a query helper that runs the SQL its caller hands it and passes the values as positional parameters
    {
      filename,
      code: `export function rawQuery(sql: string, data: Record<string, unknown>) {\n  const params: unknown[] = [];\n  const query = sql.replaceAll(/\\{\\{(\\w+)}}/g, (_match: string, name: string) => {\n    params.push(data[name]);\n    return \`$\${params.length}\`;\n  });\n  return prisma.$queryRawUnsafe(query, ...params);\n}` + db,
    },
  ],
  invalid: [
    {
      // the lookalike of the escaped identifier: between double quotes but not escaped
      filename,
      code: `export function quoteIdentifier(identifier: string) {\n  return Prisma.raw(\`"\${identifier}"\`);\n}` + prismaNamespace,
      errors: [{ messageId: "unsafePrismaRaw", line: 2, column: 21, data: { method: "Prisma.raw", interpolated: "identifier" } }],
    },
    {
      // ... and a joined path whose parts are not escaped
      filename,
      code: `export function quotePath(...parts: string[]) {\n  return Prisma.raw(parts.map((part) => \`"\${part}"\`).join("."));\n}` + prismaNamespace,
      errors: [{ messageId: "unsafePrismaRaw", line: 2, column: 21, data: { method: "Prisma.raw", interpolated: 'parts.map((part) => `"${part}"`).join(".")' } }],
    },
    {
      // the lookalike of the configuration: a schema handed in by a caller
      filename,
      code: `export async function useSchema(schema: string) {\n  await prisma.$executeRawUnsafe(\`SET search_path TO "\${schema}"\`);\n}` + db,
      errors: [
        {
          messageId: "unsafeRaw",
          line: 2,
          column: 34,
          data: unsafe("$executeRawUnsafe", "schema"),
          suggestions: [],
        },
      ],
    },
    {
      // the lookalike of the query helper: a value handed in and put into the SQL, beside positional values
      filename,
      code: `export function search(deviceId: string, term: string) {\n  return prisma.$queryRawUnsafe(\`SELECT * FROM "Item" WHERE "deviceId" = $1 AND name = '\${term}'\`, deviceId);\n}` + db,
      errors: [
        {
          messageId: "unsafeRaw",
          line: 2,
          column: 33,
          data: unsafe("$queryRawUnsafe", "term"),
          suggestions: [],
        },
      ],
    },
    {
      // the lookalike of the query helper: the SQL handed in, and no positional values
      filename,
      code: `export function rawQuery(sql: string) {\n  const query = sql.trim();\n  return prisma.$queryRawUnsafe(query);\n}` + db,
      errors: [{ messageId: "unsafeRaw", line: 3, column: 33, data: unsafe("$queryRawUnsafe", "query"), suggestions: [] }],
    },
    {
      filename,
      code: `export function search(term: string) {\n  return prisma.$queryRawUnsafe(\`SELECT * FROM "Item" WHERE name = '\${term}'\`);\n}` + db,
      errors: [
        {
          messageId: "unsafeRaw",
          line: 2,
          column: 33,
          data: unsafe("$queryRawUnsafe", "term"),
          suggestions: [
            {
              messageId: "useTaggedTemplate",
              data: unsafe("$queryRawUnsafe", "term"),
              output: `export function search(term: string) {\n  return prisma.$queryRaw\`SELECT * FROM "Item" WHERE name = \${term}\`;\n}` + db,
            },
          ],
        },
      ],
    },
    {
      // string concatenation: no template to rewrite
      filename,
      code: `export function removeNamed(name: string) {\n  return prisma.$executeRawUnsafe("DELETE FROM \\"Tag\\" WHERE name = '" + name + "'");\n}` + db,
      errors: [{ messageId: "unsafeRaw", line: 2, column: 35, data: unsafe("$executeRawUnsafe", "name"), suggestions: [] }],
    },
    {
      filename,
      code: `export function sorted(sort: string) {\n  return prisma.$queryRaw\`SELECT * FROM "Tag" ORDER BY \${Prisma.raw(sort)}\`;\n}` + db + prismaNamespace,
      errors: [{ messageId: "unsafePrismaRaw", line: 2, column: 69, data: { method: "Prisma.raw", interpolated: "sort" } }],
    },
    {
      // the transaction client; a value inside a LIKE pattern becomes the whole parameter
      filename,
      code: `export function search(term: string) {\n  return prisma.$transaction(async (tx) => tx.$queryRawUnsafe(\`SELECT * FROM "Tag" WHERE name LIKE '%\${term}%'\`));\n}` + db,
      errors: [
        {
          messageId: "unsafeRaw",
          line: 2,
          column: 63,
          data: unsafe("$queryRawUnsafe", "term"),
          suggestions: [
            {
              messageId: "useTaggedTemplate",
              output: `export function search(term: string) {\n  return prisma.$transaction(async (tx) => tx.$queryRaw\`SELECT * FROM "Tag" WHERE name LIKE \${\`%\${term}%\`}\`);\n}` + db,
            },
          ],
        },
      ],
    },
    {
      // built in a const before the call, from the request
      filename,
      code: `export function list(req: { query: { sort: string } }, id: string) {\n  const sql = \`SELECT * FROM "Item" WHERE "deviceId" = $1 ORDER BY \${req.query.sort}\`;\n  return prisma.$queryRawUnsafe(sql, id);\n}` + db,
      errors: [{ messageId: "unsafeRaw", line: 3, column: 33, data: unsafe("$queryRawUnsafe", "req.query.sort"), suggestions: [] }],
    },
    {
      // this.prisma of a class, with type arguments kept by the rewrite
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass TagRepository {\n  constructor(private readonly prisma: PrismaClient) {}\n  byName(name: string) {\n    return this.prisma.$queryRawUnsafe<{ id: string }[]>(\`SELECT id FROM "Tag" WHERE name = '\${name}'\`);\n  }\n}`,
      errors: [
        {
          messageId: "unsafeRaw",
          line: 5,
          column: 58,
          data: unsafe("$queryRawUnsafe", "name"),
          suggestions: [
            {
              messageId: "useTaggedTemplate",
              output: `import { PrismaClient } from "@prisma/client";\nclass TagRepository {\n  constructor(private readonly prisma: PrismaClient) {}\n  byName(name: string) {\n    return this.prisma.$queryRaw<{ id: string }[]>\`SELECT id FROM "Tag" WHERE name = \${name}\`;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a value in a double-quoted identifier cannot become a parameter: no suggestion
      filename,
      code: `export function column(field: string, term: string) {\n  return prisma["$queryRawUnsafe"](\`SELECT "\${field}" FROM "Item" WHERE name = '\${term}'\`);\n}` + db,
      errors: [{ messageId: "unsafeRaw", line: 2, column: 36, data: unsafe("$queryRawUnsafe", "field, term"), suggestions: [] }],
    },
    {
      // Prisma imported under another name, a template with a value
      filename,
      code: `import { Prisma as P } from "@prisma/client";\nexport function page(size: number) {\n  return P.raw(\`LIMIT \${size}\`);\n}`,
      errors: [{ messageId: "unsafePrismaRaw", line: 3, column: 16, data: { method: "P.raw", interpolated: "size" } }],
    },
  ],
});
