import { LANGUAGES, type Language, MESSAGES, type MessageKey } from './messages';

const CODES: readonly string[] = LANGUAGES.map((l) => l.code);

/** Browser tags that mean one of our languages without naming it: Norwegian in general, and Nynorsk. */
const ALIASES: Record<string, Language> = { no: 'nb', nn: 'nb' };

/**
 * The interface language for the browser's preferred languages (`navigator.languages`): the first one
 * we have, by its primary subtag (`sv-FI` is Swedish, `no` and `nn` read Bokmål), else English.
 */
export function preferredLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (CODES.includes(primary)) return primary as Language;
    const alias = ALIASES[primary];
    if (alias) return alias;
  }
  return 'en';
}

export function isLanguage(code: string | null | undefined): code is Language {
  return code !== null && code !== undefined && CODES.includes(code);
}

let current: Language = 'en';

export function setLanguage(lang: Language): void {
  current = lang;
}

export function language(): Language {
  return current;
}

/** The message `key` in the current language, `{name}` replaced from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[current][key] ?? MESSAGES.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count or a median as the language writes numbers (`1 234` in Finnish, `1,234` in English). */
export function formatNumber(value: number, fractionDigits = 0): string {
  const key = `${current}/${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(current, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** A moment as the language writes dates and times. */
export function formatDateTime(moment: Date): string {
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(moment);
}

/**
 * Writes the current language into the page's fixed text: `data-i18n` (text; a `{name}` placeholder
 * keeps the child marked `data-slot="name"`, e.g. a `<code>`), `data-i18n-placeholder` and
 * `data-i18n-label` (`aria-label`), and the document's `lang` and title.
 */
export function translatePage(root: Document): void {
  root.documentElement.lang = current;
  root.title = t('page.title');
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = t(node.dataset.i18n as MessageKey);
    const slots = new Map(
      [...node.querySelectorAll<HTMLElement>('[data-slot]')].map((s) => [s.dataset.slot, s]),
    );
    node.replaceChildren(
      ...text.split(/(\{\w+\})/).map((part) => {
        const slot = /^\{(\w+)\}$/.exec(part);
        return (slot && slots.get(slot[1])) || root.createTextNode(part);
      }),
    );
  }
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]'))
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder as MessageKey));
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    node.setAttribute('aria-label', t(node.dataset.i18nLabel as MessageKey));
}
