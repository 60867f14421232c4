/** JMH benchmarks of the library; results and commands are in docs/performance.md. */
package dev.lightbox.bench;
