CREATE TABLE "Category" ("id" TEXT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Category_pkey" PRIMARY KEY ("id"));
INSERT INTO "Category" ("id", "name") VALUES ('food', 'Food'), ('travel', 'Travel');
