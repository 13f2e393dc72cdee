// Helpers Acme's templates call. Handlebars passes the template's arguments,
// then an options object, which these do not need.

/** The name Acme's service catalogue knows a function by: acme-<name>. */
export function catalogueName(name) {
  return `acme-${String(name)}`;
}
