import net from 'node:net';

/**
 * One connection of a sending mail server, held open for message after message as Postfix holds
 * one: EHLO once, then for each message MAIL, RCPT and DATA in one write (PIPELINING, RFC 2920),
 * the body after the 354. Two round trips a message instead of four, which is how real MTAs deliver
 * (nodemailer, which the benchmark used before, sends one command at a time).
 */
export class PipeliningSender {
  private buffered = '';
  private readonly waiting: { count: number; replies: string[]; done: (replies: string[]) => void }[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<PipeliningSender> {
    const socket = net.connect(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const sender = new PipeliningSender(socket);
    expect(await sender.replies(1), ['220']);
    sender.socket.write('EHLO bench.example\r\n');
    const [ehlo] = await sender.replies(1);
    if (!ehlo?.includes('PIPELINING')) throw new Error(`The server does not offer PIPELINING: ${ehlo}`);
    return sender;
  }

  async send(from: string, to: string, raw: string): Promise<void> {
    this.socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    expect(await this.replies(3), ['250', '250', '354']);
    // Dot-stuffing: a line of the message that starts with a dot gets another one.
    const body = raw.replace(/(^|\r\n)\./g, '$1..');
    this.socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
    expect(await this.replies(1), ['250']);
  }

  async close(): Promise<void> {
    this.socket.write('QUIT\r\n');
    await this.replies(1);
    this.socket.end();
  }

  private replies(count: number): Promise<string[]> {
    return new Promise((done) => {
      this.waiting.push({ count, replies: [], done });
      this.read('');
    });
  }

  // A reply is one or more lines; all but its last have a dash after the code ("250-SIZE").
  private read(chunk: string): void {
    this.buffered += chunk;
    for (;;) {
      const end = this.buffered.search(/^\d{3} [^\r\n]*\r\n/m);
      if (end < 0) return;
      const lineEnd = this.buffered.indexOf('\r\n', end) + 2;
      const reply = this.buffered.slice(0, lineEnd);
      const current = this.waiting[0];
      if (!current) return; // kept until a reply is waited for
      this.buffered = this.buffered.slice(lineEnd);
      current.replies.push(reply);
      if (current.replies.length === current.count) {
        this.waiting.shift();
        current.done(current.replies);
      }
    }
  }
}

function expect(replies: string[], codes: string[]): void {
  codes.forEach((code, index) => {
    if (!replies[index]?.startsWith(code)) throw new Error(`SMTP: expected ${code}, got ${replies[index]}`);
  });
}
