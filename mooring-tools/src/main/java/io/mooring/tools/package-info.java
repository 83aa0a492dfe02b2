/** The {@code bin/mooring} command line and its tools. Built only from the modules below; no protocol logic of its own. */
package io.mooring.tools;
