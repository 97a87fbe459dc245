import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { SNIFF_BYTES } from './content-type.ts';

export type Measurement = {
  sizeBytes: number;
  sha256: string;
  /** The first bytes, for sniffing the type. */
  head: Buffer;
  /** Valid UTF-8 from start to end, without NUL bytes. */
  isUtf8Text: boolean;
};

/**
 * Passes an upload through on its way to storage, learning what is needed about it without holding
 * it: size, SHA-256, the first bytes and whether it is text. Past `limitBytes` it fails with
 * `tooLarge()`, which aborts the store.
 */
export class UploadMeter extends Transform {
  private sizeBytes = 0;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private isUtf8Text = true;
  /** The size error, once the stream went past the limit. */
  exceeded: Error | null = null;

  constructor(
    private readonly limitBytes: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.limitBytes) {
      this.exceeded = this.tooLarge();
      callback(this.exceeded);
      return;
    }
    this.hash.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headBytes);
      this.headChunks.push(part);
      this.headBytes += part.length;
    }
    if (this.isUtf8Text) this.checkText(chunk, true);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    // A multi-byte character cut off at the very end is not valid UTF-8.
    if (this.isUtf8Text) this.checkText(new Uint8Array(0), false);
    callback();
  }

  /** What was measured; call once the stream has been consumed to its end. */
  measurement(): Measurement {
    return {
      sizeBytes: this.sizeBytes,
      sha256: this.hash.digest('hex'),
      head: Buffer.concat(this.headChunks),
      isUtf8Text: this.isUtf8Text,
    };
  }

  private checkText(chunk: Uint8Array, more: boolean): void {
    if (chunk.includes(0)) {
      this.isUtf8Text = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: more });
    } catch {
      this.isUtf8Text = false;
    }
  }
}
