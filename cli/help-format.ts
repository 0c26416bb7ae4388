/**
 * One look for every command's `--help`: 80 columns whatever the terminal (commander would use
 * the terminal's width and gives up wrapping when a long option name leaves under 40 columns),
 * option names in a column of TERM_WIDTH (a longer name gets a line of its own, its description
 * below), and defaults in one style, `(default: value)`, without JSON quotes.
 */
import type { Help, HelpConfiguration, Option } from 'commander';

/** Width of help text. */
const HELP_WIDTH = 80;
/** Width of the option-name column; longer names go on their own line. */
const TERM_WIDTH = 24;
/** Indent of items, and spaces between name and description. */
const INDENT = 2;
const GAP = 2;

/** The default of `option` as shown in help, or undefined when there is none worth showing. */
function shownDefault(option: Option): string | undefined {
  if (option.defaultValueDescription !== undefined) return option.defaultValueDescription;
  const d: unknown = option.defaultValue;
  if (d === undefined || typeof d === 'boolean' || (Array.isArray(d) && d.length === 0)) return undefined;
  return Array.isArray(d) ? d.join(',') : String(d);
}

export const HELP_CONFIG: HelpConfiguration = {
  helpWidth: HELP_WIDTH,
  optionDescription(option: Option): string {
    const d = shownDefault(option);
    const desc = option.description ?? '';
    return d === undefined ? desc : `${desc}${desc ? ' ' : ''}(default: ${d})`;
  },
  formatItem(term: string, _termWidth: number, description: string, helper: Help): string {
    const pad = ' '.repeat(INDENT);
    if (!description) return pad + term;
    const width = HELP_WIDTH - INDENT - TERM_WIDTH - GAP;
    const hang = ' '.repeat(INDENT + TERM_WIDTH + GAP);
    const body = helper.boxWrap(description, width).replace(/\n/g, `\n${hang}`);
    if (term.length <= TERM_WIDTH) return `${pad}${term.padEnd(TERM_WIDTH + GAP)}${body}`;
    return `${pad}${term}\n${hang}${body}`;
  },
};
