import type { NetworkLanguage } from '@nordic/schema';
import { CodeListLabelRow } from './codeListLabel.entity';

/** The label of one value of one code list in one network language. */
export interface CodeListLabel {
  listName: string;
  code: string;
  lang: NetworkLanguage;
  text: string;
}

export function codeListLabelFromRow(row: CodeListLabelRow): CodeListLabel {
  return { listName: row.listName, code: row.code, lang: row.lang as NetworkLanguage, text: row.text };
}

export function codeListLabelToRow(label: CodeListLabel): CodeListLabelRow {
  return Object.assign(new CodeListLabelRow(), {
    listName: label.listName,
    code: label.code,
    lang: label.lang,
    text: label.text,
  });
}
