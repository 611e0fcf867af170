package org.nice4j.viz;

/**
 * Puts AWT into headless mode before the first image or font is touched, unless the caller already chose a mode.
 *
 * <p>nice4j only draws into off-screen images, so it never needs a display. Without this, a stale {@code DISPLAY}
 * (an ssh session whose X forwarding is gone, a CI runner) makes the first {@code createGraphics()} fail with
 * "Can't connect to X11 window server". An explicit {@code -Djava.awt.headless=false} is left alone.
 */
final class Headless {
    private Headless() {}

    /** Called from the static initializers of the drawing classes, before AWT reads the property. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
