/**
 * Progress for a command-line task: a bar redrawn in place on a terminal, and a plain line every
 * tenth of the way otherwise (logs and pipes get no carriage returns).
 */
export function progressBar(stream: NodeJS.WriteStream, label: string, total: number) {
  const tty = Boolean(stream.isTTY);
  let lastTenth = -1;
  return {
    update(done: number): void {
      if (tty) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label}: ${done}/${total}\n`);
    },
    finish(): void {
      if (tty) stream.write('\n');
    },
  };
}
