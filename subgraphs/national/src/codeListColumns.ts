/** Multi-valued code lists are stored comma-separated; code-list values never contain commas. */
export function joinCodes(values: readonly string[]): string {
  return values.join(',');
}

export function splitCodes<T extends string>(value: string | null | undefined): T[] {
  return value ? (value.split(',') as T[]) : [];
}
