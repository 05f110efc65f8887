import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, in slices rather than a task per element; the result keeps the
    /// array's order. Sixteen slices per core: elements differ in cost (a paper's search
    /// analysis against a note's), and with four the last slice kept one core alone for a
    /// tenth of a second at the end of the search index.
    func parallelMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) async -> [T] {
        guard count > 1 else { return map(transform) }
        let slices = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 16)
        let size = (count + slices - 1) / slices
        return await withTaskGroup(of: (Int, [T]).self) { group in
            for start in stride(from: 0, to: count, by: size) {
                let slice = self[start..<Swift.min(start + size, count)]
                group.addTask { (start, slice.map(transform)) }
            }
            var parts: [(Int, [T])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}

extension Array where Element: Sendable {
    /// `map` on all cores for blocking work (file reads and writes), one element per thread.
    func concurrentMap<T>(_ transform: @Sendable (Element) -> T) -> [T] {
        let results = SliceResults<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { results.set($0, transform(self[$0])) }
        return results.values
    }
}
