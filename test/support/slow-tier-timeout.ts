/**
 * The slow tier's timeout (see jest.config.js): its tests run child processes and tools (node, go, python3) on a
 * loaded 2-core machine; five minutes, the budget of its longest tests.
 */
jest.setTimeout(300_000);
