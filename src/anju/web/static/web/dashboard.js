/* The dashboard's charts, drawn with ECharts from the data the page carries in JSON scripts.
 *
 * Every figure arrives as the engine's text: the number is only used to place a bar or a
 * point, and what a reader sees is always the text, so no figure is formatted or rounded here.
 * Without ECharts (or without script) the tables next to each chart stay visible instead.
 *
 * Names and texts come from the database (a unit is named by whoever set it up), so anything
 * ECharts renders as HTML (the tooltips) is escaped first, and labels are given as functions,
 * never as ECharts templates, so a "{b}" in a name is shown as typed.
 */
(function () {
  "use strict";

  var BAR_COLOUR = "#2f5d8a";
  var LINE_COLOURS = ["#d98c00", "#c00000", "#6a1b9a"];
  var TREND_COLOUR = "#b3261e";
  var charts = [];
  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (character) {
      return HTML_ESCAPES[character];
    });
  }

  function constant(text) {
    return function () {
      return text;
    };
  }

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function fontFamily() {
    return window.getComputedStyle(document.body).fontFamily;
  }

  // The axis reaches at least 100 so a rate is seen against the whole task.
  function axisMax(bars, lines) {
    var top = 100;
    bars.concat(lines).forEach(function (item) {
      top = Math.max(top, Number(item.value));
    });
    return Math.ceil(top / 10) * 10;
  }

  // Each milestone's label gets a row of its own above the chart: on a narrow screen two
  // lines close together (60% and 100%) would otherwise print their labels over each other.
  var LABEL_ROW = 18;

  function milestoneLines(lines) {
    return lines.map(function (line, index) {
      var colour = LINE_COLOURS[index % LINE_COLOURS.length];
      return {
        xAxis: Number(line.value),
        name: line.label,
        lineStyle: { color: colour, type: "dashed", width: 1.5 },
        label: {
          formatter: constant(line.label),
          color: colour,
          position: "end",
          distance: 4 + (lines.length - 1 - index) * LABEL_ROW,
          fontWeight: "bold",
        },
      };
    });
  }

  function progressOption(data) {
    var suffix = data.suffix || "";
    // A category axis runs upward, so the largest bar, listed first, is given last to be on
    // top; the axis itself is not inverted, which keeps the milestone labels at the top end.
    var bars = data.bars.slice().reverse();
    return {
      animation: false,
      textStyle: { fontFamily: fontFamily() },
      grid: { left: 8, right: 72, top: 16 + data.lines.length * LABEL_ROW, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (item) {
          return escapeHtml(item.name + "：" + item.data.text);
        },
      },
      xAxis: {
        type: "value",
        min: 0,
        max: axisMax(data.bars, data.lines),
        axisLabel: {
          formatter: function (value) {
            return groupedTick(value) + suffix;
          },
        },
        splitLine: { lineStyle: { color: "#e3e8ee" } },
      },
      yAxis: {
        type: "category",
        data: bars.map(function (bar) {
          return bar.name;
        }),
        axisTick: { show: false },
        axisLabel: { fontSize: 13 },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 26,
          itemStyle: { color: BAR_COLOUR },
          data: bars.map(function (bar) {
            return { value: Number(bar.value), text: bar.text };
          }),
          label: {
            show: true,
            position: "right",
            formatter: function (item) {
              return item.data.text;
            },
          },
          markLine: {
            symbol: "none",
            silent: true,
            data: milestoneLines(data.lines),
          },
        },
      ],
    };
  }

  // A month only some units' figures are in for is drawn apart: a hollow point, off the
  // line, with "N/M 个单位" beside it, so a lower partial total never reads as a fall.
  function trendPoint(point, index, last) {
    return {
      value: Number(point.value),
      text: point.note ? point.text + "（" + point.note + "）" : point.text,
      // The latest point sits at the right edge: a partial one's two-line label reads leftward.
      label: {
        show: index === last,
        formatter: constant(point.note ? point.text + "\n" + point.note : point.text),
        position: "top",
        align: point.note ? "right" : "center",
        lineHeight: 15,
      },
    };
  }

  // The latest point's label (two lines when its month is partial, wider than a month's
  // step) is laid where no other month's point is: above its point, else below it, else above
  // the points it would cover.
  var LABEL_GAP = 4;

  function labelClearOfPoints(series, last, pixel) {
    return function (params) {
      var label = params.labelRect;
      var points = [];
      series.points.forEach(function (point, index) {
        if (point.value !== null && index !== last) {
          points.push(pixel(index, Number(point.value)));
        }
      });
      function covered(dy) {
        return points.filter(function (at) {
          return (
            at[0] >= label.x - LABEL_GAP &&
            at[0] <= label.x + label.width + LABEL_GAP &&
            at[1] >= label.y + dy - LABEL_GAP &&
            at[1] <= label.y + dy + label.height + LABEL_GAP
          );
        });
      }
      // Moved by its top edge; its lines keep their alignment.
      function moved(dy) {
        var x = label.x;
        if (params.align === "right") {
          x += label.width;
        } else if (params.align === "center") {
          x += label.width / 2;
        }
        return { x: x, y: label.y + dy, align: params.align, verticalAlign: "top" };
      }
      var below = params.rect.y + params.rect.height + LABEL_GAP - label.y;
      var axis = pixel(0, 0)[1];
      var under = covered(0);
      if (under.length === 0) {
        return {};
      }
      if (covered(below).length === 0 && label.y + below + label.height <= axis) {
        return moved(below);
      }
      var top = Math.min.apply(
        null,
        under.map(function (at) {
          return at[1];
        })
      );
      var above = top - 2 * LABEL_GAP - label.height - label.y;
      return label.y + above >= 0 ? moved(above) : {};
    };
  }

  function trendOption(months, series, pixel) {
    var last = -1;
    series.points.forEach(function (point, index) {
      if (point.value !== null) {
        last = index;
      }
    });
    function only(partial) {
      return series.points.map(function (point, index) {
        if (point.value === null || Boolean(point.partial) !== partial) {
          return { value: "-" };
        }
        return trendPoint(point, index, last);
      });
    }
    return {
      animation: false,
      textStyle: { fontFamily: fontFamily() },
      grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var shown = items.filter(function (item) {
            return item.data && item.data.text;
          });
          var item = shown[0] || items[0];
          var text = item.data && item.data.text ? item.name + "：" + item.data.text : item.name;
          return escapeHtml(text);
        },
      },
      xAxis: { type: "category", data: months, boundaryGap: false },
      yAxis: {
        type: "value",
        min: 0,
        // With thousands separators, like the figures on the page.
        axisLabel: { formatter: groupedTick },
        splitLine: { lineStyle: { color: "#e3e8ee" } },
      },
      series: [
        {
          type: "line",
          connectNulls: false,
          symbol: "circle", // filled: ECharts' own default for a line is hollow
          symbolSize: 7,
          itemStyle: { color: TREND_COLOUR },
          lineStyle: { color: TREND_COLOUR, width: 2 },
          data: only(false),
          labelLayout: labelClearOfPoints(series, last, pixel),
        },
        {
          type: "line",
          connectNulls: false,
          symbol: "emptyCircle",
          symbolSize: 9,
          itemStyle: { color: TREND_COLOUR, borderColor: TREND_COLOUR },
          lineStyle: { opacity: 0 },
          data: only(true),
          labelLayout: labelClearOfPoints(series, last, pixel),
        },
      ],
    };
  }

  // An axis tick is a round number ECharts chose (2000, 0.5): its whole part gets the
  // separators the page's figures have; the number itself is not rounded here.
  function groupedTick(value) {
    var parts = String(value).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  // A chart follows its box: the window turning, a panel reflowing, the fallback tables
  // beside it hidden.
  var watcher = window.ResizeObserver
    ? new window.ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var chart = window.echarts.getInstanceByDom(entry.target);
          if (chart) {
            chart.resize();
          }
        });
      })
    : null;

  function draw(chart, option) {
    chart.setOption(option);
    charts.push(chart);
    if (watcher) {
      watcher.observe(chart.getDom());
    }
    return chart;
  }

  function chartIn(node) {
    return window.echarts.init(node, null, { renderer: "svg" });
  }

  function markDrawn(selector) {
    document.querySelectorAll(selector).forEach(function (node) {
      node.classList.add("drawn");
    });
  }

  function drawProgress() {
    var data = readJson("dashboard-chart-data");
    var node = document.getElementById("dashboard-progress");
    if (!data || !node || data.bars.length === 0) {
      return;
    }
    // The box grows with the number of bars; set here, as the page may carry no inline style.
    node.style.setProperty("--bars", node.getAttribute("data-bars") || "3");
    // Shown first: ECharts measures its box, and a hidden box measures nothing.
    markDrawn('[data-chart="progress"]');
    draw(chartIn(node), progressOption(data));
  }

  function drawTrend() {
    var data = readJson("dashboard-trend-data");
    if (!data) {
      return;
    }
    markDrawn('[data-chart="trend"]');
    document.querySelectorAll(".dash-chart[data-series]").forEach(function (node) {
      var series = data.series[Number(node.getAttribute("data-series"))];
      if (series) {
        var chart = chartIn(node);
        var pixel = function (index, value) {
          return chart.convertToPixel({ seriesIndex: 0 }, [index, value]);
        };
        draw(chart, trendOption(data.months, series, pixel));
      }
    });
  }

  function start() {
    if (!window.echarts) {
      return; // the tables beside the charts already say everything
    }
    drawProgress();
    drawTrend();
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
