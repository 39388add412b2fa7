/** File-system helpers shared by the modules. */
package dev.sluice.platform.io;
