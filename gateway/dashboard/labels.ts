/** Labels of one code list (from the registry), falling back to the code itself. */
export class Labels {
  private readonly byCode: Map<string, string>;

  constructor(values: readonly { code: string; label: string }[] | undefined) {
    this.byCode = new Map((values ?? []).map((v) => [v.code, v.label]));
  }

  of(code: string | null): string {
    if (code === null) return '–';
    return this.byCode.get(code) ?? code;
  }
}

/** Country and territory names in the chosen language, from the browser's own CLDR data (offline). */
export function countryNames(lang: string): (code: string) => string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang, 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  return (code) => names?.of(code) ?? code;
}
