// allure-playwright behind a guard. It writes allure-results/ test by test; when a write fails (a
// full disk, a folder that went away) it throws from an async hook Playwright does not await, and
// the unhandled rejection ends the whole Playwright process: no check after it runs and the
// conformance report is never written. Behind this guard such a failure is reported once, on
// stderr, and the run (and the conformance report, which does not depend on Allure) goes on.
//
// Options: allure-playwright's own (playwright.config.ts passes them through).
import type { FullConfig, FullResult, Suite, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { AllureReporter } from 'allure-playwright';

type AllureOptions = ConstructorParameters<typeof AllureReporter>[0];

/** Playwright's reporter interface v2, which allure-playwright implements (and so does this guard). */
interface ReporterV2 {
  version(): 'v2';
  printsToStdio?(): boolean;
  onConfigure?(config: FullConfig): void;
  onBegin?(suite: Suite): void;
  onTestBegin?(test: TestCase, result: TestResult): void;
  onStdOut?(chunk: string | Buffer, test?: TestCase, result?: TestResult): void;
  onStdErr?(chunk: string | Buffer, test?: TestCase, result?: TestResult): void;
  onTestEnd?(test: TestCase, result: TestResult): void | Promise<void>;
  onEnd?(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined | void> | void;
  onExit?(): void | Promise<void>;
  onError?(error: TestError): void;
  onStepBegin?(test: TestCase, result: TestResult, step: TestStep): void;
  onStepEnd?(test: TestCase, result: TestResult, step: TestStep): void;
}

export default class GuardedAllureReporter implements ReporterV2 {
  private readonly inner: ReporterV2;
  private failed = false;
  private readonly resultsDir: string;

  constructor(options: AllureOptions = {}) {
    this.inner = new AllureReporter(options) as unknown as ReporterV2;
    this.resultsDir = (options as { resultsDir?: string }).resultsDir ?? 'allure-results';
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    console.error(`sw-conformance: allure-playwright could not write ${this.resultsDir} (${(e as Error)?.message?.split('\n')[0] ?? String(e)}); the Allure results of this run are incomplete, the conformance report is not affected`);
  }

  /** Call one hook of the inner reporter; no failure (sync or async) gets out. */
  private guard<T>(call: () => T): T | undefined {
    if (this.failed) return undefined;
    try {
      const r = call();
      if (r instanceof Promise) return r.catch((e: unknown) => this.fail(e)) as T;
      return r;
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  version(): 'v2' {
    return 'v2';
  }
  printsToStdio(): boolean {
    return this.inner.printsToStdio?.() ?? false;
  }
  onConfigure(config: FullConfig): void {
    this.guard(() => this.inner.onConfigure?.(config));
  }
  onBegin(suite: Suite): void {
    this.guard(() => this.inner.onBegin?.(suite));
  }
  onTestBegin(test: TestCase, result: TestResult): void {
    this.guard(() => this.inner.onTestBegin?.(test, result));
  }
  onStepBegin(test: TestCase, result: TestResult, step: TestStep): void {
    this.guard(() => this.inner.onStepBegin?.(test, result, step));
  }
  onStepEnd(test: TestCase, result: TestResult, step: TestStep): void {
    this.guard(() => this.inner.onStepEnd?.(test, result, step));
  }
  onStdOut(chunk: string | Buffer, test?: TestCase, result?: TestResult): void {
    this.guard(() => this.inner.onStdOut?.(chunk, test, result));
  }
  onStdErr(chunk: string | Buffer, test?: TestCase, result?: TestResult): void {
    this.guard(() => this.inner.onStdErr?.(chunk, test, result));
  }
  async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    await this.guard(() => this.inner.onTestEnd?.(test, result));
  }
  onError(error: TestError): void {
    this.guard(() => this.inner.onError?.(error));
  }
  async onEnd(result: FullResult): Promise<void> {
    await this.guard(() => this.inner.onEnd?.(result));
  }
  async onExit(): Promise<void> {
    await this.guard(() => this.inner.onExit?.());
  }
}
