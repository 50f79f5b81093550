/** The justification a request carries: the user's template ({integration} filled in), else the built-in one. Pure. */
export function justificationFrom(template: string, integrationName: string, builtIn: string): string {
  const custom = template.trim();
  return (custom ? custom.replace(/\{integration\}/g, integrationName) : builtIn).slice(0, 500);
}
