import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './free-port.ts';

const DOVECOT = '/usr/sbin/dovecot';

export type TestImapServer = {
  port: number;
  user: string;
  password: string;
  /** A client logged in as the mailbox's user, to append messages and look at flags. */
  client(): ImapFlow;
  close(): Promise<void>;
};

/** Why a real Dovecot cannot run here, or null when it can (Debian's dovecot-imapd installed). */
export const dovecotMissing = (): string | null =>
  existsSync(DOVECOT) ? null : `${DOVECOT} not found: install Debian's dovecot-imapd to run the IMAP tests`;

/**
 * A real Dovecot on loopback with one passwd-file user and a Maildir in a temporary folder. It
 * runs as whoever runs the tests: as a normal user every service runs as that user; as root
 * (containers, CI) Dovecot refuses root for its login and mail processes, so those use the
 * package's own `dovenull` and `dovecot` accounts. `options.idle: false` hides IDLE, as old servers do.
 */
export async function startDovecot(options: { idle?: boolean } = {}): Promise<TestImapServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'actionconnect-dovecot-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  const user = 'support';
  const password = 'imap-test-password';
  const me = userInfo();
  const asRoot = me.uid === 0;
  const mailOwner = asRoot ? systemUser('dovecot') : { uid: me.uid, gid: me.gid };
  const home = path.join(root, 'mail');
  mkdirSync(home);
  if (asRoot) chownSync(home, mailOwner.uid, mailOwner.gid);
  writeFileSync(
    path.join(root, 'passwd'),
    `${user}:{PLAIN}${password}:${mailOwner.uid}:${mailOwner.gid}::${home}\n`,
  );
  const config = [
    `base_dir = ${root}/run`,
    `state_dir = ${root}/state`,
    `log_path = ${root}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    `default_internal_user = ${asRoot ? 'dovecot' : me.username}`,
    `default_login_user = ${asRoot ? 'dovenull' : me.username}`,
    // Its sockets are shared with this group; a normal user can only hand them to their own.
    ...(asRoot ? [] : [`default_internal_group = ${groupName(me.gid)}`]),
    'mail_location = maildir:~/Maildir',
    // Dovecot refuses system accounts' uids for mail unless told which are fine.
    `first_valid_uid = ${mailOwner.uid}`,
    `first_valid_gid = ${mailOwner.gid}`,
    'namespace inbox {\n  inbox = yes\n  separator = /\n}',
    ...(options.idle === false ? ['imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MOVE'] : []),
    `passdb {\n  driver = passwd-file\n  args = ${root}/passwd\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${root}/passwd\n}`,
    `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
  ];
  writeFileSync(path.join(root, 'dovecot.conf'), `${config.join('\n')}\n`);
  const child = spawn(DOVECOT, ['-F', '-c', path.join(root, 'dovecot.conf')], { stdio: 'ignore' });
  try {
    await waitForGreeting(port, child, path.join(root, 'dovecot.log'));
  } catch (error) {
    child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    user,
    password,
    client: () =>
      new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: password },
        logger: false,
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error(`no system user ${name} (is dovecot-core installed?)`);
  return { uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

async function waitForGreeting(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if (child.exitCode !== null) break;
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
  throw new Error(`dovecot did not start on port ${port}:\n${log}`);
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}
