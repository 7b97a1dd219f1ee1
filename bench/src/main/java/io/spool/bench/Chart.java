package io.spool.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A horizontal bar chart of Spool/Kafka ratios with each goal marked, written as PNG with Java2D (headless). */
final class Chart {
    /** One ratio: {@code higherIsBetter} decides whether meeting the goal means ratio ≥ goal or ≤ goal. */
    record Bar(String label, double ratio, double goal, boolean higherIsBetter) {
        boolean met() {
            return !Double.isNaN(ratio) && (higherIsBetter ? ratio >= goal : ratio <= goal);
        }
    }

    private Chart() {
    }

    static void write(Path file, List<Bar> bars) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int left = 400;
        int rowH = 34;
        int width = 1000;
        int height = 60 + rowH * bars.size() + 30;
        double max = 2.0;
        for (Bar b : bars) {
            if (!Double.isNaN(b.ratio())) {
                max = Math.max(max, Math.min(b.ratio(), 5.0) * 1.1);
            }
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Spool / Kafka ratio (bar) and goal (black tick); green = goal met", 10, 22);
        int plotW = width - left - 70;
        int x1 = left + (int) (plotW / max);
        g.setColor(Color.GRAY);
        g.drawLine(x1, 35, x1, height - 25);
        g.drawString("1.0", x1 - 8, height - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = 45 + i * rowH;
            g.setColor(Color.BLACK);
            g.drawString(b.label(), 10, y + 17);
            if (!Double.isNaN(b.ratio())) {
                int w = (int) (plotW * Math.min(b.ratio(), max) / max);
                g.setColor(b.met() ? new Color(60, 160, 80) : new Color(200, 70, 60));
                g.fillRect(left, y + 4, Math.max(w, 1), rowH - 12);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", b.ratio()), left + w + 5, y + 17);
            } else {
                g.setColor(Color.GRAY);
                g.drawString("no result", left + 5, y + 17);
            }
            int gx = left + (int) (plotW * b.goal() / max);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3));
            g.drawLine(gx, y + 1, gx, y + rowH - 5);
            g.setStroke(new BasicStroke(1));
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
