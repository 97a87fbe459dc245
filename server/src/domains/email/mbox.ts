/**
 * Splits an mbox file into its messages. Each message starts with a `From ` separator line after
 * a blank line (or at the start of the file); inside a message, lines that begin `>From `,
 * `>>From `… were escaped by the writer (mboxrd; mboxo escaped only the first level), and lose
 * one `>`. The separator line itself is not part of the message.
 */
export function splitMbox(content: Buffer): Buffer[] {
  const lines = content.toString('latin1').split(/(?<=\n)/);
  const messages: string[][] = [];
  let current: string[] | null = null;
  let previousBlank = true;
  for (const line of lines) {
    if (previousBlank && line.startsWith('From ')) {
      current = [];
      messages.push(current);
    } else if (current) {
      current.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
    previousBlank = line === '\n' || line === '\r\n';
  }
  // latin1 maps each byte to one character and back, so 8-bit bodies survive unchanged.
  return messages.map((message) => Buffer.from(withoutSeparatorBlank(message).join(''), 'latin1'));
}

/** The blank line before the next `From ` belongs to the separator, not to the message. */
function withoutSeparatorBlank(lines: string[]): string[] {
  const last = lines.at(-1);
  return last === '\n' || last === '\r\n' ? lines.slice(0, -1) : lines;
}
