/// Runs at most one backend operation at a time off the UI loop, posting progress and the result.
@MainActor
final class OperationTask {
    private let backend: any TUIBackend
    private let mailbox: Mailbox
    private var task: Task<Void, Never>?

    init(backend: any TUIBackend, mailbox: Mailbox) {
        self.backend = backend
        self.mailbox = mailbox
    }

    func start(_ operation: Operation) {
        let backend = self.backend
        let mailbox = self.mailbox
        task = Task.detached {
            let result = await OperationRunner.perform(operation, on: backend) { mailbox.post(.progress($0)) }
            mailbox.post(.finished(result))
        }
    }

    func cancel() {
        task?.cancel()
    }
}
