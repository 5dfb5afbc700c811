/**
 * @midwayjs/validate (3.20) hands joi its whole i18n message table — two locales, 114 templates each — as plain
 * strings on every validate call, and joi parses every template again each time (`Messages.compile`): that was a
 * third of the CPU of a list request (bench/api). Joi takes templates it is given as they are, so the table is
 * parsed here once, at start; the messages and their wording do not change.
 */
import { RuleType, ValidateService } from '@midwayjs/validate';

type MessageTables = Record<string, Record<string, unknown>>;

export function parseValidationMessagesOnce(service: ValidateService): void {
  const tables = (service as unknown as { messages: MessageTables }).messages;
  for (const table of Object.values(tables)) {
    for (const [code, text] of Object.entries(table)) if (typeof text === 'string') table[code] = RuleType.x(text);
  }
}
