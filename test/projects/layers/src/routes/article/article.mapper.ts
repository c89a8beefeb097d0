// A helper of the feature: in no layer, though its folder is under routes/.
export const toArticle = (row: { id: string; name: string }) => ({ slug: row.id, title: row.name });
