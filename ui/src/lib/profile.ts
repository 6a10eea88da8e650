// Reading the profile form.

/** Roles from a comma-separated field: trimmed, without blanks or repeats. */
export function parseRoles(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const role = part.trim();
    if (role && !out.some((r) => r.toLowerCase() === role.toLowerCase())) out.push(role);
  }
  return out;
}

/** Roles as the field shows them. */
export function formatRoles(roles: readonly string[]): string {
  return roles.join(', ');
}
