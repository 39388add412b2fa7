/**
 * {@code sluice report answers}: the answers analysis's experiments ({@link
 * dev.sluice.cli.report.Experiments}) run one by one into a directory, then written as one Markdown
 * report with a table of contents and the same report as a PDF. The storage experiment is here
 * because it runs the whole embedded stack, which only the CLI assembles.
 */
package dev.sluice.cli.report;
