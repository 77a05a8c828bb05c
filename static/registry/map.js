/* Maps of the registry, drawn with Leaflet (served by the app itself).
 *
 * <div data-map="record" data-lat data-lon data-name ...>: one record's location.
 * <div data-map="records" data-url ...>: the markers of a GeoJSON FeatureCollection fetched
 * from data-url (the map data of the current filters), each with a popup linking to its page.
 * Both read the tile server and its attribution from data-tile-url and data-attribution.
 */
(function () {
  "use strict";

  function useServedIcons(element) {
    // The app names the marker images (hashed names in production), so Leaflet need not
    // guess their folder from its stylesheet.
    if (element.dataset.iconUrl) {
      L.Icon.Default.imagePath = "";
      L.Icon.Default.mergeOptions({
        iconUrl: element.dataset.iconUrl,
        iconRetinaUrl: element.dataset.iconRetinaUrl,
        shadowUrl: element.dataset.shadowUrl
      });
    }
  }

  function baseMap(element, options) {
    useServedIcons(element);
    var map = L.map(element, options || {});
    L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution,
      maxZoom: 19
    }).addTo(map);
    return map;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    box.appendChild(link);
    var details = [properties.settlement, properties.year].filter(Boolean).join(", ");
    if (details) {
      var line = document.createElement("div");
      line.textContent = details;
      box.appendChild(line);
    }
    return box;
  }

  function recordMap(element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    var map = baseMap(element).setView(point, 14);
    L.marker(point, {title: element.dataset.name, alt: element.dataset.name}).addTo(map);
  }

  function recordsMap(element) {
    var fallback = document.getElementById(element.dataset.fallback);
    if (fallback) { fallback.remove(); }
    var map = baseMap(element, {worldCopyJump: true}).setView([55.75, 60], 3);
    var status = document.getElementById(element.dataset.status);
    fetch(element.dataset.url, {headers: {Accept: "application/geo+json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {title: feature.properties.name,
                                     alt: feature.properties.name});
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popup(feature.properties));
          }
        }).addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds(), {maxZoom: 10, padding: [20, 20]});
        }
        element.dataset.markers = String(collection.features.length);
        if (status) { status.textContent = element.dataset.loaded.replace("%s", collection.features.length); }
      })
      .catch(function () {
        if (status) { status.textContent = element.dataset.failed; }
      });
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    element.classList.add("map--ready");
    if (element.dataset.map === "record") { recordMap(element); }
    if (element.dataset.map === "records") { recordsMap(element); }
  });
}());
