// Where a run's reports go, each written as soon as it is made so that the run can let it go: one file
// per report (--output-dir), or one output (stdout or --output, atomically) that several reports are
// written into in order (table and markdown under a heading line per file, JSON as one document).
// Several reports on one HTML page are the exception: the page is written once they are all in.
import path from 'node:path';
import type { PortfolioRow } from '../../analytics/combine.js';
import type { RunStatsCollector } from '../../prices/index.js';
import type { ReportRenderOptions } from '../../render/options.js';
import type { FileReport, ManyReportsPieces } from '../../render/many.js';
import type { RunStats } from '../../types.js';
import { type OutputFile, openOutputFile, writeOutputFile } from '../output.js';
import type { Progress } from '../progress.js';
import type { Io } from '../terminal.js';
import type { Done } from './analyse.js';
import { formatExtension } from './inputs.js';
import type { ReportFlags, ReportRequest } from './request.js';

export interface ReportWriterInput {
  flags: ReportFlags;
  request: ReportRequest;
  renderOptions: ReportRenderOptions;
  io: Io;
  stats: RunStatsCollector;
  progress: Progress;
  /** `folio report FILE` alone: its report as it is, no heading or envelope. */
  single: boolean;
  /** The run's figures for JSON's `bench`, taken when asked (they end the run's clock). */
  bench: () => RunStats | undefined;
}

interface Sink {
  write(text: string): Promise<void>;
  done(): void;
  abandon(): void;
}

export class ReportWriter {
  private sink: Sink | undefined;
  private pieces: ManyReportsPieces | undefined;
  private written = 0;
  /** Several reports on one HTML page: kept until the page is written. */
  private readonly page: FileReport[] = [];

  constructor(private readonly o: ReportWriterInput) {}

  /** One file's report; `printedHoldings`: its first part is on the terminal already. */
  async add(done: Done, printedHoldings = false): Promise<void> {
    const { flags, request, renderOptions, stats } = this.o;
    const { format } = request;
    const { renderReport } = await import('../../render/report.js');
    if (flags.outputDir !== undefined) {
      const text = await stats.time('render', () => renderReport(done.report, format, renderOptions));
      writeOutputFile(path.join(flags.outputDir, `${done.name}${formatExtension(format)}`), text);
      return;
    }
    if (this.o.single) {
      const text = await stats.time('render', async () => {
        if (!printedHoldings) return renderReport(done.report, format, renderOptions, this.o.bench());
        const { renderPerformancePart } = await import('../../render/table.js');
        return renderPerformancePart(done.report, renderOptions);
      });
      await this.write(text);
      return;
    }
    const file = { file: done.file, name: done.name, report: done.report, text: '' };
    if (format === 'html') {
      this.page.push(file);
      return;
    }
    const { manyReportsPieces } = await import('../../render/many.js');
    const pieces = (this.pieces ??= manyReportsPieces(format));
    const text = await stats.time('render', async () => {
      // JSON takes the report itself; the other formats its text under a heading.
      if (format !== 'json') file.text = await renderReport(done.report, format, renderOptions);
      return (this.written === 0 ? pieces.head : '') + pieces.piece(file, this.written);
    });
    this.written += 1;
    await this.write(text);
  }

  /** The combined report of all files, with its "By portfolio" rows. */
  async combined(whole: Done, rows: readonly PortfolioRow[]): Promise<void> {
    const { request, renderOptions, stats } = this.o;
    const { renderCombinedReport } = await import('../../render/many.js');
    const text = await stats.time('render', () =>
      renderCombinedReport(whole.report, rows, request.format, renderOptions, this.o.bench()),
    );
    await this.write(text);
  }

  /** Every report is in: the end of the output, and the output file takes its place. */
  async end(): Promise<void> {
    const { request, renderOptions, stats } = this.o;
    if (this.page.length > 0) {
      const { renderManyReports } = await import('../../render/many.js');
      const page = this.page.splice(0);
      await this.write(
        await stats.time('render', () => renderManyReports(page, request.format, renderOptions)),
      );
    } else if (this.pieces !== undefined) await this.write(this.pieces.tail(this.o.bench()));
    this.sink?.done();
  }

  /** The run failed: an --output file keeps what it had. */
  abandon(): void {
    this.sink?.abandon();
  }

  private async write(text: string): Promise<void> {
    this.sink ??= this.open();
    await this.sink.write(text);
  }

  private open(): Sink {
    const { flags, io, progress } = this.o;
    if (flags.output !== undefined) {
      const file: OutputFile = openOutputFile(flags.output);
      return {
        write: (text) => Promise.resolve(file.write(text)),
        done: () => file.done(),
        abandon: () => file.abandon(),
      };
    }
    progress.stop(); // the terminal is the report's now
    return {
      write: async (text) => {
        // A slow reader (a pipe) holds the run back rather than the run holding every report.
        if (!io.stdout.write(text)) await new Promise((resolve) => io.stdout.once('drain', resolve));
      },
      done: () => {},
      abandon: () => {},
    };
  }
}
