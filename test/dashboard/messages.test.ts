import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { preferredLanguage } from '../../gateway/dashboard/i18n';
import { LANGUAGES, MESSAGES } from '../../gateway/dashboard/messages';

const DASHBOARD = join(__dirname, '..', '..', 'gateway', 'dashboard');
const PAGE = join(__dirname, '..', '..', 'gateway', 'src', 'dashboard', 'page.ts');

/** Every source that names a message key: the browser code and the page the gateway serves. */
function sources(): string {
  const files = readdirSync(DASHBOARD)
    .filter((f) => f.endsWith('.ts') && f !== 'messages.ts')
    .map((f) => join(DASHBOARD, f));
  return [...files, PAGE].map((f) => readFileSync(f, 'utf8')).join('\n');
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = MESSAGES.en;
const keys = Object.keys(english) as (keyof typeof english)[];

describe("the dashboard's interface text", () => {
  it('is there in all six languages, with no key missing or extra, none empty, none left in English', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['en', 'fi', 'sv', 'nb', 'da', 'is']);
    for (const { code } of LANGUAGES) {
      const messages = MESSAGES[code] as Record<string, string>;
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[key]?.trim()).toBeTruthy();
        expect({ code, key, placeholders: placeholders(messages[key]!) }).toEqual({
          code,
          key,
          placeholders: placeholders(english[key]),
        });
      }
      if (code === 'en') continue;
      // Only texts without words may equal the English one ("CSV", "< {threshold}").
      const words = (text: string) => /\p{L}{4,}/u.test(text.replace(/\{\w+\}/g, ''));
      const untranslated = keys.filter((k) => messages[k] === english[k] && words(english[k]));
      expect({ code, untranslated }).toEqual({ code, untranslated: [] });
    }
  });

  it('has no key that the code and the page do not use', () => {
    const text = sources();
    const unused = keys.filter((key) => !text.includes(`'${key}'`) && !text.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it("defaults to the browser's first language it has, by primary subtag, else English", () => {
    expect(preferredLanguage(['fi-FI', 'en'])).toBe('fi');
    expect(preferredLanguage(['sv-FI'])).toBe('sv');
    expect(preferredLanguage(['de-DE', 'da'])).toBe('da');
    expect(preferredLanguage(['no'])).toBe('nb');
    expect(preferredLanguage(['nn-NO'])).toBe('nb');
    expect(preferredLanguage(['IS'])).toBe('is');
    expect(preferredLanguage(['de', 'fr'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});
