/**
 * Terraform reads `${` and `%{` in any JSON string as template syntax, so
 * literal file content must carry them as `$${` and `%%{`. cdktf's own string
 * tokens (`${TfToken[...]}`) must stay as they are: cdktf resolves them into
 * real Terraform expressions at synth time.
 */
export function escapeForTerraform(text: string): string {
  return text
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{")
    .replace(/\$\$\{(TfToken\[[^\]]*\])\}/g, (_match, token: string) => `\${${token}}`);
}

/** Inverse of {@link escapeForTerraform} for text without tokens: what Terraform hands to the server. */
export function unescapeFromTerraform(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
