/**
 * Progress for long CLI work: a bar on a terminal, a line every few seconds elsewhere (CI logs).
 */
import cliProgress from 'cli-progress';

export class Progress {
  #bar: cliProgress.SingleBar | null = null;
  #stage = '';
  #lastLine = 0;
  readonly #tty = Boolean(process.stderr.isTTY);

  update(stage: string, done: number, total: number): void {
    if (this.#tty) {
      if (stage !== this.#stage) {
        this.#bar?.stop();
        this.#bar = new cliProgress.SingleBar(
          {
            format: `${stage.padEnd(22)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.#bar.start(Math.max(total, 1), done);
        this.#stage = stage;
      }
      this.#bar?.setTotal(Math.max(total, 1));
      this.#bar?.update(done);
      return;
    }
    const now = Date.now();
    if (stage !== this.#stage || done >= total || now - this.#lastLine > 3000) {
      process.stderr.write(`${stage}: ${done}/${total}\n`);
      this.#lastLine = now;
      this.#stage = stage;
    }
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}
