/** `api-uploads` or `postgres_password` as a PascalCase construct id part: `ApiUploads`, `PostgresPassword`. */
export function pascalCase(text: string): string {
  return text
    .split(/[-_]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}
