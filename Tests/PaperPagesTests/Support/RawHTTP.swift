import Foundation

/// An HTTP/1.1 client over a plain socket, sending the request line exactly as written: the
/// tests need paths (`/../`, `%2e%2e`, `//`) that URL types would tidy away before sending.
struct RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]   // names lower-cased
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let port: Int

    /// A Server-Sent Events stream, read event by event (with a deadline for each).
    final class Stream {
        private let socket: Int32
        private var buffer = Data()

        init(port: Int, target: String) throws {
            socket = try RawHTTP.connected(port)
            let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n".utf8)
            guard send(socket, request, request.count, 0) == request.count else { throw Failure(description: "send: \(errno)") }
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// The next event's name and data (the chunked framing around it is skipped).
        func next() throws -> (event: String, data: String) {
            while true {
                let text = String(decoding: buffer, as: UTF8.self)
                if let range = text.range(of: "event: "), let end = text.range(of: "\n\n", range: range.upperBound..<text.endIndex) {
                    let block = text[range.lowerBound..<end.lowerBound]
                    buffer = Data(text[end.upperBound...].utf8)
                    let lines = block.split(separator: "\n")
                    let event = lines.first.map { String($0.dropFirst("event: ".count)) } ?? ""
                    let data = lines.first { $0.hasPrefix("data: ") }.map { String($0.dropFirst("data: ".count)) } ?? ""
                    return (event, data)
                }
                var bytes = [UInt8](repeating: 0, count: 65536)
                let count = recv(socket, &bytes, bytes.count, 0)
                guard count > 0 else { throw Failure(description: "the stream ended or timed out") }
                buffer.append(contentsOf: bytes[0..<count])
            }
        }

        func close() { Glibc.close(socket) }
    }

    static func connected(_ port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw Failure(description: "connect: \(errno)")
        }
        return socket
    }

    func request(_ method: String = "GET", _ target: String, headers: [String: String] = [:]) throws -> Response {
        let socket = try Self.connected(port)
        defer { close(socket) }
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send: \(errno)") }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        guard let end = received.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no header end in \(received.count) bytes") }
        let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.split(separator: " ").count >= 2, let status = Int(statusLine.split(separator: " ")[1]) else {
            throw Failure(description: "bad status line")
        }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, body: Data(received[end.upperBound...]))
    }
}
